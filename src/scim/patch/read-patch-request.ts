import { ScimError } from '../scim-error.js';
import { isJsonObject, type JsonObject } from './coerce-value.js';

export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOpName = 'add' | 'replace' | 'remove';

/** One entry of `Operations`, with the names and the `op` keyword in RFC 7644 spelling. */
export interface PatchOperation {
  readonly op: PatchOpName;
  /** Absent when the client sent none (or an empty string). */
  readonly path?: string;
  /** Absent when the client sent none; `null` is kept, as RFC 7643 §2.5 gives it a meaning. */
  readonly value?: unknown;
}

const OP_NAMES: readonly PatchOpName[] = ['add', 'replace', 'remove'];

/** RFC 7643 §2.1: attribute names, those of messages included, are case-insensitive. */
function member(object: JsonObject, name: string): unknown {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
}

function readOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isJsonObject(raw)) throw ScimError.invalidSyntax(`${where} must be an object`);

  // Entra ID capitalises the keyword ("Add", "Replace", "Remove").
  const op = member(raw, 'op');
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (op === undefined) throw ScimError.invalidSyntax(`${where} has no 'op'`);
  if (!OP_NAMES.includes(name as PatchOpName)) {
    throw ScimError.invalidSyntax(`${where} has an unknown 'op'; use add, replace or remove`);
  }

  const path = member(raw, 'path');
  if (path !== undefined && path !== null && typeof path !== 'string') {
    throw ScimError.invalidPath(`${where} has a 'path' that is not a string`);
  }

  const value = member(raw, 'value');
  // RFC 7644 §3.5.2.1 and §3.5.2.3: add and replace "MUST contain a value".
  if (name !== 'remove' && value === undefined) {
    throw ScimError.invalidValue(`${where} needs a 'value' for '${name}'`);
  }

  const trimmed = typeof path === 'string' && path.trim() !== '' ? path.trim() : undefined;
  return { op: name as PatchOpName, path: trimmed, value };
}

/**
 * Reads an RFC 7644 §3.5.2 PatchOp message. The `schemas` member is not checked: clients omit
 * it or add URIs of their own, and the operations alone say what to do. Unknown members of an
 * operation are ignored. A body that is not a PatchOp message is `invalidSyntax`.
 */
export function readPatchOperations(body: unknown): PatchOperation[] {
  if (!isJsonObject(body)) throw ScimError.invalidSyntax('A PATCH body must be a JSON object');

  const operations = member(body, 'operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw ScimError.invalidSyntax("A PatchOp message needs a non-empty 'Operations' array");
  }
  return operations.map(readOperation);
}
