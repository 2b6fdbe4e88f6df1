import { ScimError } from '../scim-error.js';
import { findAttribute, type AttributeInfo } from './schema-info.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Entra ID sends booleans as the strings "True" and "False". */
const STRING_BOOLEAN = /^(true|false)$/i;

function childLabel(parent: AttributeInfo, label: string, child: AttributeInfo): string {
  return parent.name.startsWith('urn:') ? `${parent.name}:${child.name}` : `${label}.${child.name}`;
}

function coerceScalar(attribute: AttributeInfo, raw: unknown, label: string): unknown {
  const fail = (what: string) => ScimError.invalidValue(`Attribute '${label}' must be ${what}`);

  switch (attribute.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && STRING_BOOLEAN.test(raw)) return raw.toLowerCase() === 'true';
      throw fail('a boolean');
    case 'integer':
      if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
      throw fail('an integer');
    case 'decimal':
      if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
      throw fail('a number');
    case 'dateTime':
      // RFC 7643 §2.3.5: an xsd:dateTime string.
      if (typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return raw;
      throw fail('a dateTime');
    default:
      if (typeof raw === 'string') return raw;
      throw fail('a string');
  }
}

/**
 * RFC 7643 §2.5: an empty complex value is unassigned. Entra ID clears a reference such as
 * `manager` by sending an empty `value`, so a complex value whose `value` is "" is unassigned.
 */
export function isUnassignedComplex(attribute: AttributeInfo, value: JsonObject): boolean {
  if (Object.keys(value).length === 0) return true;
  return findAttribute(attribute.subAttributes, 'value') !== undefined && value.value === '';
}

function coerceComplex(attribute: AttributeInfo, raw: unknown, label: string): unknown {
  // Entra ID sends `manager` as the bare id; any complex attribute with a `value` accepts that.
  const hasValue = findAttribute(attribute.subAttributes, 'value') !== undefined;
  const source = typeof raw === 'string' && hasValue ? { value: raw } : raw;
  if (!isJsonObject(source)) {
    throw ScimError.invalidValue(`Attribute '${label}' must be a complex value`);
  }

  const result: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    const sub = findAttribute(attribute.subAttributes, key);
    // RFC 7644 §3.5.2: read-only values in a request are ignored, and unknown ones with them.
    if (sub === undefined || sub.mutability === 'readOnly') continue;
    const coerced = coerceAttributeValue(sub, value, childLabel(attribute, label, sub));
    if (coerced !== undefined) result[sub.name] = coerced;
  }
  return isUnassignedComplex(attribute, result) ? undefined : result;
}

/** Coerces one value (one element, for a multi-valued attribute); `undefined` = unassigned. */
export function coerceSingleValue(attribute: AttributeInfo, raw: unknown, label: string): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (attribute.type === 'complex') return coerceComplex(attribute, raw, label);
  return coerceScalar(attribute, raw, label);
}

/**
 * Brings an inbound value to the schema's shape: names in the schema's spelling (RFC 7643
 * §2.1), string booleans as booleans, a lone object for a multi-valued attribute as a
 * one-element array, read-only and unknown sub-attributes dropped, and types checked
 * (`invalidValue` naming the attribute). `null` and empty arrays are unassigned (RFC 7643 §2.5)
 * and come back as `undefined`.
 */
export function coerceAttributeValue(
  attribute: AttributeInfo,
  raw: unknown,
  label: string = attribute.name,
): unknown {
  if (!attribute.multiValued) return coerceSingleValue(attribute, raw, label);
  if (raw === null || raw === undefined) return undefined;

  const elements = (Array.isArray(raw) ? raw : [raw])
    .map((element) => coerceSingleValue(attribute, element, label))
    .filter((element) => element !== undefined);
  return elements.length === 0 ? undefined : elements;
}
