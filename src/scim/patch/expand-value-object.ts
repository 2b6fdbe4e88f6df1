import type { JsonObject } from './coerce-value.js';
import { isReadOnlyTarget, tryResolvePath, type Target } from './resolve-path.js';
import type { ResourceSchema } from './resource-schema.js';

export interface TargetedValue {
  readonly target: Target;
  readonly value: unknown;
}

/**
 * Splits the value of a path-less `add` or `replace` (RFC 7644 §3.5.2.1: "the value MUST be
 * the resource itself") into one write per key. Each key is read as a path, because Entra ID
 * and OneLogin send keys such as `name.givenName` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`; a key that is a bare
 * extension URN carries that extension's attributes. Read-only keys (`id`, `meta`, `schemas`,
 * `groups`) and keys no schema defines are ignored, as RFC 7644 §3.5.2 asks of read-only values.
 */
export function expandValueObject(schema: ResourceSchema, value: JsonObject): TargetedValue[] {
  const writes: TargetedValue[] = [];

  for (const [key, entry] of Object.entries(value)) {
    const target = tryResolvePath(schema, key);
    if (target === undefined || isReadOnlyTarget(target)) continue;
    writes.push({ target, value: entry });
  }
  return writes;
}
