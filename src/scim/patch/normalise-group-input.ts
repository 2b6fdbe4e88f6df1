import { ScimError } from '../scim-error.js';
import { isJsonObject } from './coerce-value.js';
import { expandValueObject } from './expand-value-object.js';
import { readDisplayName, readExternalId, readMemberIds } from './group-values.js';
import { GROUP_RESOURCE } from './resource-schema.js';

/** A POST or PUT Group body, reduced to what the server stores. */
export interface GroupInput {
  displayName: string;
  externalId?: string;
  /** Member ids, each once, in the order first given. */
  members: string[];
}

/**
 * Reads a POST or PUT Group body (RFC 7644 §3.3, §3.5.1) with the rules `planGroupPatch` uses:
 * names in any case, read-only and unknown attributes ignored, member values that are not
 * string ids rejected, and `displayName` required (RFC 7643 §4.2).
 */
export function normaliseGroupInput(body: unknown): GroupInput {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('A Group must be a JSON object');

  let displayName: string | undefined;
  let externalId: string | null = null;
  const members = new Set<string>();
  for (const { target, value } of expandValueObject(GROUP_RESOURCE, body)) {
    if (target.filter !== undefined || target.sub !== undefined) continue;
    const name = target.attribute.name;
    if (name === 'displayName') displayName = readDisplayName(value);
    else if (name === 'externalId') externalId = readExternalId(value);
    else if (name === 'members') for (const id of readMemberIds(value)) members.add(id);
  }

  const input: GroupInput = {
    displayName: displayName ?? readDisplayName(undefined),
    members: [...members],
  };
  if (externalId !== null) input.externalId = externalId;
  return input;
}
