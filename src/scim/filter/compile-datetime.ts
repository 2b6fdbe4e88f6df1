import { ScimError } from '../scim-error.js';
import type { CompareOperator, FilterValue } from './ast.js';
import { parseXsdDateTime, type Instant } from './datetime.js';
import { compareKnown } from './sql-logic.js';
import type { SqlParams } from './sql-params.js';
import type { ScalarAttribute } from './target.js';

/**
 * Stored values are whole microseconds, so against an instant that falls between two of them
 * `>` and `<=` use the microsecond below it and `>=` and `<` the one above: the answers stay
 * exactly those of comparing with the instant itself.
 */
const ORDERING: Readonly<Record<string, [string, keyof Instant]>> = {
  gt: ['>', 'floor'],
  ge: ['>=', 'ceil'],
  lt: ['<', 'ceil'],
  le: ['<=', 'floor'],
};

/** A chronological comparison on a dateTime attribute (RFC 7644 §3.4.2.2, `gt`). */
export function compileDateTimeTest(
  op: CompareOperator,
  value: FilterValue,
  attribute: ScalarAttribute,
  label: string,
  params: SqlParams,
): string {
  if (op === 'co' || op === 'sw' || op === 'ew') {
    throw ScimError.invalidFilter(`'${op}' does not apply to the dateTime ${label}`);
  }
  const instant = typeof value === 'string' ? parseXsdDateTime(value) : undefined;
  // RFC 7643 §2.3.5: dateTime values are xsd:dateTime strings.
  if (instant === undefined) {
    throw ScimError.invalidFilter(
      `${label} is a dateTime; ${JSON.stringify(value)} is not an xsd:dateTime ` +
        `with a 'Z' or '±hh:mm' offset`,
    );
  }

  const column = attribute.sql;
  const exact = instant.floor === instant.ceil;
  const parameter = (bound: keyof Instant) => `${params.add(instant[bound])}::timestamptz`;
  switch (op) {
    // An instant between two microseconds equals no stored value.
    case 'eq':
      return exact ? compareKnown(`${column} = ${parameter('floor')}`, column) : 'FALSE';
    case 'ne':
      return exact ? `(${column} IS DISTINCT FROM ${parameter('floor')})` : 'TRUE';
    default: {
      const [symbol, bound] = ORDERING[op] as [string, keyof Instant];
      return compareKnown(`${column} ${symbol} ${parameter(bound)}`, column);
    }
  }
}
