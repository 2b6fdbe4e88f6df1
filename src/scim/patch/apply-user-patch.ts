import { ScimError } from '../scim-error.js';
import { isJsonObject, type JsonObject } from './coerce-value.js';
import { expandValueObject } from './expand-value-object.js';
import { readPatchOperations, type PatchOperation } from './read-patch-request.js';
import { removeTarget } from './remove-target.js';
import { describeTarget, isReadOnlyTarget, resolvePath, type Target } from './resolve-path.js';
import { USER_RESOURCE } from './resource-schema.js';
import { writeTarget } from './write-target.js';

/**
 * A User as the server renders it: core attributes at the top level, enterprise attributes
 * under their URN key, plus the read-only `id`, `meta`, `groups` and `schemas`.
 */
export type UserDoc = Record<string, unknown>;

function applyAt(doc: JsonObject, operation: PatchOperation, target: Target, value: unknown): void {
  if (operation.op === 'remove') removeTarget(doc, target, value);
  else writeTarget(doc, operation.op, target, value);
}

function applyOperation(doc: JsonObject, operation: PatchOperation): void {
  if (operation.path !== undefined) {
    const target = resolvePath(USER_RESOURCE, operation.path);
    // RFC 7644 §3.5.2: naming a read-only attribute as the target is a `mutability` error.
    if (isReadOnlyTarget(target)) {
      throw ScimError.mutability(`Attribute '${describeTarget(target)}' is read-only`);
    }
    return applyAt(doc, operation, target, operation.value);
  }

  // RFC 7644 §3.5.2.2: a remove without a path has no target.
  if (operation.op === 'remove') throw ScimError.noTarget("A 'remove' needs a 'path'");
  if (!isJsonObject(operation.value)) {
    throw ScimError.invalidValue(`A '${operation.op}' without a path needs an object 'value'`);
  }
  for (const write of expandValueObject(USER_RESOURCE, operation.value)) {
    applyAt(doc, operation, write.target, write.value);
  }
}

/** RFC 7643 §4.1.1: "Each User MUST include a non-empty userName value." */
export function assertUserName(doc: JsonObject): void {
  const userName = doc.userName;
  if (typeof userName !== 'string' || userName.trim() === '') {
    throw ScimError.invalidValue("Attribute 'userName' is required and may not be empty");
  }
}

/**
 * Applies an RFC 7644 §3.5.2 PatchOp message to a User and returns the patched copy; `doc` is
 * never changed. Operations apply in order and all or nothing: the first failure throws a
 * `ScimError` and no document is returned. Accepts the dialects real IdPs speak (see the
 * modules this one calls). A `password` that is set stays in the result for the caller to hash.
 */
export function applyUserPatch(doc: UserDoc, body: unknown): UserDoc {
  const operations = readPatchOperations(body);
  const working = structuredClone(doc);

  for (const operation of operations) applyOperation(working, operation);
  assertUserName(working);
  return working;
}
