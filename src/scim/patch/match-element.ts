import type { CompareOperator, FilterNode, FilterValue } from '../filter/ast.js';
import { ScimError } from '../scim-error.js';
import { isJsonObject } from './coerce-value.js';
import { findAttribute, type AttributeInfo } from './schema-info.js';

/** RFC 7644 §3.4.2.2 `pr`: "has a value", so not unassigned in the RFC 7643 §2.5 sense. */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function lookup(
  element: Record<string, unknown>,
  name: string,
  subAttributes: readonly AttributeInfo[],
): { value: unknown; attribute?: AttributeInfo } {
  const attribute = findAttribute(subAttributes, name);
  if (attribute !== undefined) return { value: element[attribute.name], attribute };

  const key = Object.keys(element).find(
    (candidate) => candidate.toLowerCase() === name.toLowerCase(),
  );
  return { value: key === undefined ? undefined : element[key] };
}

function compareOrdered(
  actual: unknown,
  expected: FilterValue,
  attribute: AttributeInfo | undefined,
): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual !== 'string' || typeof expected !== 'string') return undefined;
  if (attribute?.type === 'dateTime') return Date.parse(actual) - Date.parse(expected);

  const [a, b] = attribute?.caseExact
    ? [actual, expected]
    : [actual.toLowerCase(), expected.toLowerCase()];
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareOne(
  actual: unknown,
  op: CompareOperator,
  expected: FilterValue,
  attribute: AttributeInfo | undefined,
): boolean {
  // RFC 7644 §3.4.2.2: ordering boolean (or binary) attributes fails with invalidFilter.
  if (
    ['gt', 'ge', 'lt', 'le'].includes(op) &&
    (typeof actual === 'boolean' || typeof expected === 'boolean')
  ) {
    throw ScimError.invalidFilter(`Operator '${op}' cannot compare booleans`);
  }
  const exact = attribute?.caseExact === true;
  const fold = (text: string) => (exact ? text : text.toLowerCase());

  switch (op) {
    case 'eq':
      if (expected === null) return !isPresent(actual);
      return typeof actual === 'string' && typeof expected === 'string'
        ? fold(actual) === fold(expected)
        : actual === expected;
    case 'ne':
      return !compareOne(actual, 'eq', expected, attribute);
    case 'co':
    case 'sw':
    case 'ew': {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      const [a, b] = [fold(actual), fold(expected)];
      return op === 'co' ? a.includes(b) : op === 'sw' ? a.startsWith(b) : a.endsWith(b);
    }
    default: {
      const order = compareOrdered(actual, expected, attribute);
      if (order === undefined || Number.isNaN(order)) return false;
      return op === 'gt'
        ? order > 0
        : op === 'ge'
          ? order >= 0
          : op === 'lt'
            ? order < 0
            : order <= 0;
    }
  }
}

/**
 * Evaluates a value filter (RFC 7644 §3.4.2.2) against one element of a multi-valued attribute,
 * as in `emails[type eq "work"]` or `members[value eq "2819c223"]`. Attribute names inside the
 * brackets are the element's sub-attributes; strings compare case-insensitively unless the
 * sub-attribute is `caseExact` (RFC 7643 §2.3.1). A multi-valued operand matches when any of
 * its values does.
 */
export function matchesFilter(
  element: Record<string, unknown>,
  node: FilterNode,
  subAttributes: readonly AttributeInfo[] = [],
): boolean {
  switch (node.kind) {
    case 'and':
      return (
        matchesFilter(element, node.left, subAttributes) &&
        matchesFilter(element, node.right, subAttributes)
      );
    case 'or':
      return (
        matchesFilter(element, node.left, subAttributes) ||
        matchesFilter(element, node.right, subAttributes)
      );
    case 'not':
      return !matchesFilter(element, node.operand, subAttributes);
    case 'present':
      return isPresent(lookup(element, node.path.attribute, subAttributes).value);
    case 'compare': {
      const { value, attribute } = lookup(element, node.path.attribute, subAttributes);
      const values = Array.isArray(value) ? value : [value];
      return values.some((one) => compareOne(one, node.op, node.value, attribute));
    }
    case 'valuePath': {
      const { value, attribute } = lookup(element, node.path.attribute, subAttributes);
      const nested = (Array.isArray(value) ? value : [value]).filter(isJsonObject);
      return nested.some((one) => matchesFilter(one, node.filter, attribute?.subAttributes ?? []));
    }
  }
}
