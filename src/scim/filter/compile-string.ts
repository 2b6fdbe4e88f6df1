import { ScimError } from '../scim-error.js';
import type { CompareOperator, FilterValue } from './ast.js';
import { compareKnown, foldCase } from './sql-logic.js';
import type { SqlParams } from './sql-params.js';
import type { ScalarAttribute } from './target.js';

const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_LOWER_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LIKE_METACHARACTER = /[\\%_]/g;
const LIKE_ESCAPE = `ESCAPE '\\'`;

const ORDERING: Readonly<Record<string, string>> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** A comparison on a string, reference or binary attribute (RFC 7644 §3.4.2.2 operators). */
export function compileStringTest(
  op: CompareOperator,
  value: FilterValue,
  attribute: ScalarAttribute,
  label: string,
  params: SqlParams,
): string {
  if (typeof value !== 'string') {
    throw ScimError.invalidFilter(
      `${label} is a ${attribute.type} attribute; compare it with a quoted string, ` +
        `not ${JSON.stringify(value)}`,
    );
  }
  if ((op === 'eq' || op === 'ne') && isIndexableUuid(attribute, value)) {
    return compileUuidTest(op, value, attribute.uuidSql as string, params);
  }

  const column = foldCase(attribute.sql, attribute.caseExact);
  const parameter = (text: string) => foldCase(`${params.add(text)}::text`, attribute.caseExact);
  const like = (pattern: string) =>
    compareKnown(`${column} LIKE ${parameter(pattern)} ${LIKE_ESCAPE}`, attribute.sql);
  const literal = value.replace(LIKE_METACHARACTER, (character) => `\\${character}`);

  switch (op) {
    case 'eq':
      return compareKnown(`${column} = ${parameter(value)}`, attribute.sql);
    // `ne` holds for an absent attribute too: absent is not equal to any value.
    case 'ne':
      return `(${column} IS DISTINCT FROM ${parameter(value)})`;
    case 'co':
      return like(`%${literal}%`);
    case 'sw':
      return like(`${literal}%`);
    case 'ew':
      return like(`%${literal}`);
    default:
      return compileOrdering(op, column, parameter(value), attribute, label);
  }
}

/**
 * RFC 7644 §3.4.2.2: strings order lexicographically, so the "C" collation (code point order)
 * is used instead of whatever the database locale sorts by; binary values cannot be ordered.
 */
function compileOrdering(
  op: CompareOperator,
  column: string,
  parameter: string,
  attribute: ScalarAttribute,
  label: string,
): string {
  if (attribute.type === 'binary') {
    throw ScimError.invalidFilter(`'${op}' cannot compare the binary attribute ${label}`);
  }
  return compareKnown(`${column} COLLATE "C" ${ORDERING[op]} ${parameter}`, attribute.sql);
}

/**
 * A uuid column compared as text gives the same answers as comparing the uuid itself, but only
 * the latter can use the column's index. Text that is no uuid (or, for caseExact ids, not in
 * the lower-case form Postgres prints) keeps the text comparison, which simply never matches.
 */
function isIndexableUuid(attribute: ScalarAttribute, value: string): boolean {
  if (attribute.uuidSql === undefined) return false;
  return (attribute.caseExact ? UUID_LOWER_CASE : UUID_ANY_CASE).test(value);
}

function compileUuidTest(
  op: 'eq' | 'ne',
  value: string,
  column: string,
  params: SqlParams,
): string {
  const parameter = `${params.add(value)}::uuid`;
  return op === 'eq'
    ? compareKnown(`${column} = ${parameter}`, column)
    : `(${column} IS DISTINCT FROM ${parameter})`;
}
