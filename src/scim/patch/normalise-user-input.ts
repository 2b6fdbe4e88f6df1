import { ScimError } from '../scim-error.js';
import { assertUserName, type UserDoc } from './apply-user-patch.js';
import { isJsonObject } from './coerce-value.js';
import { expandValueObject } from './expand-value-object.js';
import { USER_RESOURCE } from './resource-schema.js';
import { writeTarget } from './write-target.js';

/**
 * Brings a POST or PUT User body (RFC 7644 §3.3, §3.5.1) to the shape `applyUserPatch` works
 * on, with the same dialect fixes and type checks, so both ways of writing a user agree. It
 * reads the body as a path-less `replace` onto an empty user: read-only attributes (`id`,
 * `meta`, `groups`, `schemas`) and unknown ones are dropped, and `userName` is required.
 */
export function normaliseUserInput(body: unknown): UserDoc {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('A User must be a JSON object');

  const doc: UserDoc = {};
  for (const write of expandValueObject(USER_RESOURCE, body)) {
    writeTarget(doc, 'replace', write.target, write.value);
  }
  assertUserName(doc);
  return doc;
}
