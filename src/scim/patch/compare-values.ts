import { isJsonObject } from './coerce-value.js';
import { findAttribute, type AttributeInfo } from './schema-info.js';

/**
 * RFC 7643 §2.3.1: strings compare case-insensitively unless the attribute is `caseExact`.
 * Without a definition (an unknown sub-attribute), the case-insensitive default applies.
 */
export function scalarEquals(
  attribute: AttributeInfo | undefined,
  a: unknown,
  b: unknown,
): boolean {
  if (typeof a === 'string' && typeof b === 'string' && attribute?.caseExact !== true) {
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

function assignedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined && value[key] !== null);
}

/**
 * Whether every assigned sub-attribute of `pattern` has the same value in `element`. This is
 * how a remove with a value (`{"op":"remove","path":"emails","value":[{"value":"a@x"}]}`)
 * picks the elements it names.
 */
export function elementIncludes(
  attribute: AttributeInfo,
  element: unknown,
  pattern: unknown,
): boolean {
  if (!isJsonObject(pattern) || !isJsonObject(element)) {
    return scalarEquals(attribute, element, pattern);
  }
  const keys = assignedKeys(pattern);
  if (keys.length === 0) return false;

  return keys.every((key) => {
    const sub = findAttribute(attribute.subAttributes, key);
    return sub !== undefined
      ? elementIncludes(sub, element[sub.name], pattern[key])
      : scalarEquals(undefined, element[key], pattern[key]);
  });
}

/** Equal values: the same assigned sub-attributes, each equal (RFC 7644 §3.5.2.1 duplicates). */
export function elementEquals(attribute: AttributeInfo, a: unknown, b: unknown): boolean {
  if (!isJsonObject(a) || !isJsonObject(b)) return scalarEquals(attribute, a, b);
  if (assignedKeys(a).length !== assignedKeys(b).length) return false;
  return elementIncludes(attribute, a, b);
}
