import type { FilterNode } from '../filter/ast.js';
import { ScimError } from '../scim-error.js';
import { coerceAttributeValue, isJsonObject } from './coerce-value.js';
import { GROUP_RESOURCE } from './resource-schema.js';
import { findAttribute, type AttributeInfo } from './schema-info.js';

function groupAttribute(name: string): AttributeInfo {
  return findAttribute(GROUP_RESOURCE.attributes, name)!;
}

/** RFC 7643 §4.2: `displayName` is REQUIRED, so it can be changed but never emptied. */
export function readDisplayName(raw: unknown): string {
  const value = coerceAttributeValue(groupAttribute('displayName'), raw);
  if (typeof value !== 'string' || value.trim() === '') {
    throw ScimError.invalidValue("Attribute 'displayName' is required and may not be empty");
  }
  return value;
}

/** An `externalId` of `null` or "" is unassigned (RFC 7643 §2.5), stored as `null`. */
export function readExternalId(raw: unknown): string | null {
  const value = coerceAttributeValue(groupAttribute('externalId'), raw);
  return typeof value === 'string' && value !== '' ? value : null;
}

function readMemberId(entry: unknown): string {
  const id = isJsonObject(entry)
    ? Object.entries(entry).find(([key]) => key.toLowerCase() === 'value')?.[1]
    : entry;
  if (typeof id !== 'string' || id.trim() === '') {
    throw ScimError.invalidValue("Each member needs a 'value' that is a non-empty string id");
  }
  return id;
}

/**
 * The ids in a `members` value: an array of `{ value }` (RFC 7643 §4.2), a lone object, or bare
 * id strings. `display`, `$ref` and `type` are ignored: the server derives them from the id.
 */
export function readMemberIds(raw: unknown): string[] {
  if (raw === null || raw === undefined) return [];
  const entries = Array.isArray(raw) ? raw : [raw];
  return entries.map(readMemberId);
}

/**
 * The ids a `members[...]` filter names. The member list is never loaded (a group may have
 * 100 000 members), so only `value eq "id"`, alone or joined by `or`, is supported; anything
 * else is the RFC 7644 §3.12 `invalidFilter` case of a comparison "not supported".
 */
export function memberIdsFromFilter(node: FilterNode): string[] {
  if (node.kind === 'or')
    return [...memberIdsFromFilter(node.left), ...memberIdsFromFilter(node.right)];

  const isValueEq =
    node.kind === 'compare' &&
    node.op === 'eq' &&
    node.path.attribute.toLowerCase() === 'value' &&
    node.path.subAttribute === undefined &&
    typeof node.value === 'string';
  if (!isValueEq) {
    throw ScimError.invalidFilter('A members filter may only compare value with eq, joined by or');
  }
  return [node.value as string];
}
