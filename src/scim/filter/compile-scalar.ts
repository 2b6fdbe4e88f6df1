import { ScimError } from '../scim-error.js';
import type { CompareOperator, FilterNode, FilterValue } from './ast.js';
import { compileDateTimeTest } from './compile-datetime.js';
import { compileStringTest } from './compile-string.js';
import { compareKnown } from './sql-logic.js';
import type { SqlParams } from './sql-params.js';
import type { ScalarAttribute } from './target.js';

/** A leaf of the filter: `attrPath pr` or `attrPath compareOp compValue`. */
export type AttributeTest = Extract<FilterNode, { kind: 'compare' | 'present' }>;

/**
 * SQL for one test on one value, never NULL. `label` is the full attribute path as the client
 * would recognise it in an error detail.
 */
export function compileScalarTest(
  test: AttributeTest,
  attribute: ScalarAttribute,
  label: string,
  params: SqlParams,
): string {
  if (test.kind === 'present') return compilePresent(attribute);
  if (test.value === null) return compileNullTest(test.op, attribute, label);

  switch (attribute.type) {
    case 'boolean':
      return compileBooleanTest(test.op, test.value, attribute, label, params);
    case 'dateTime':
      return compileDateTimeTest(test.op, test.value, attribute, label, params);
    default:
      return compileStringTest(test.op, test.value, attribute, label, params);
  }
}

/** RFC 7644 §3.4.2.2 `pr`: the attribute has a non-empty value; an empty string has none. */
export function compilePresent(attribute: ScalarAttribute): string {
  return attribute.type === 'boolean' || attribute.type === 'dateTime'
    ? `(${attribute.sql} IS NOT NULL)`
    : `COALESCE(${attribute.sql} <> '', false)`;
}

/** RFC 7643 §2.5: null and unassigned are the same state, so `eq null` means "not present". */
function compileNullTest(op: CompareOperator, attribute: ScalarAttribute, label: string): string {
  if (op === 'eq') return `(NOT ${compilePresent(attribute)})`;
  if (op === 'ne') return compilePresent(attribute);
  throw ScimError.invalidFilter(`'${op}' cannot compare ${label} with null; use eq or ne`);
}

/**
 * RFC 7644 §3.4.2.2 rejects ordering a boolean with invalidFilter; the substring operators
 * make no more sense on one, so only eq and ne remain.
 */
function compileBooleanTest(
  op: CompareOperator,
  value: FilterValue,
  attribute: ScalarAttribute,
  label: string,
  params: SqlParams,
): string {
  if (op !== 'eq' && op !== 'ne') {
    throw ScimError.invalidFilter(`'${op}' does not apply to the boolean ${label}; use eq or ne`);
  }
  if (typeof value !== 'boolean') {
    throw ScimError.invalidFilter(
      `${label} is a boolean; compare it with true or false, not ${JSON.stringify(value)}`,
    );
  }

  const parameter = `${params.add(value)}::boolean`;
  return op === 'eq'
    ? compareKnown(`${attribute.sql} = ${parameter}`, attribute.sql)
    : `(${attribute.sql} IS DISTINCT FROM ${parameter})`;
}
