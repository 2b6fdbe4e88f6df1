import { ScimError } from '../scim-error.js';
import { isJsonObject } from './coerce-value.js';
import { expandValueObject } from './expand-value-object.js';
import {
  memberIdsFromFilter,
  readDisplayName,
  readExternalId,
  readMemberIds,
} from './group-values.js';
import {
  addMembers,
  createMemberDelta,
  removeAllMembers,
  removeMembers,
  type MemberDelta,
} from './member-delta.js';
import { readPatchOperations, type PatchOpName } from './read-patch-request.js';
import { describeTarget, isReadOnlyTarget, resolvePath, type Target } from './resolve-path.js';
import { GROUP_RESOURCE } from './resource-schema.js';

/**
 * What a Group PATCH does, for the database layer to execute at a cost that grows with the ids
 * named, never with the size of the group. Execute in this order, in one transaction:
 * 1. if `removeAllMembers`, delete every membership; otherwise delete those in `removeMembers`;
 * 2. insert `addMembers`, skipping ids that are already members.
 * That order gives the same members as applying the operations one after another; `addMembers`
 * and `removeMembers` never share an id, and `removeMembers` is empty when `removeAllMembers`.
 */
export interface GroupPatchPlan {
  /** The new `displayName`; absent when unchanged. */
  displayName?: string;
  /** The new `externalId`, `null` to clear it; absent when unchanged. */
  externalId?: string | null;
  removeAllMembers: boolean;
  removeMembers: string[];
  addMembers: string[];
}

interface PlanState {
  displayName?: string;
  externalId?: string | null;
  readonly members: MemberDelta;
}

function planMembers(state: PlanState, op: PatchOpName, target: Target, value: unknown): void {
  const label = describeTarget(target);
  if (target.sub !== undefined || (target.filter !== undefined && op !== 'remove')) {
    throw ScimError.invalidPath(`'${label}' can only be changed as whole members`);
  }

  if (target.filter !== undefined)
    return removeMembers(state.members, memberIdsFromFilter(target.filter));
  if (op === 'add') return addMembers(state.members, readMemberIds(value));
  // Entra ID and Okta name the members to remove in `value`; without one, all go.
  if (op === 'remove' && value !== undefined && value !== null) {
    return removeMembers(state.members, readMemberIds(value));
  }
  // RFC 7644 §3.5.2.3: a replace without a filter sets exactly the given members (Okta).
  removeAllMembers(state.members);
  if (op === 'replace') addMembers(state.members, readMemberIds(value));
}

function planTarget(state: PlanState, op: PatchOpName, target: Target, value: unknown): void {
  switch (target.attribute.name) {
    case 'members':
      return planMembers(state, op, target, value);
    case 'displayName':
      state.displayName = readDisplayName(op === 'remove' ? undefined : value);
      return;
    case 'externalId':
      state.externalId = op === 'remove' ? null : readExternalId(value);
      return;
    default:
      throw ScimError.invalidPath(`Attribute '${describeTarget(target)}' cannot be patched`);
  }
}

function planOperation(
  state: PlanState,
  op: PatchOpName,
  path: string | undefined,
  value: unknown,
): void {
  if (path !== undefined) {
    const target = resolvePath(GROUP_RESOURCE, path);
    if (isReadOnlyTarget(target)) {
      throw ScimError.mutability(`Attribute '${describeTarget(target)}' is read-only`);
    }
    return planTarget(state, op, target, value);
  }

  if (op === 'remove') throw ScimError.noTarget("A 'remove' needs a 'path'");
  if (!isJsonObject(value))
    throw ScimError.invalidValue(`A '${op}' without a path needs an object 'value'`);
  // Okta sends the group's own `id` here; read-only keys are ignored (RFC 7644 §3.5.2).
  for (const write of expandValueObject(GROUP_RESOURCE, value)) {
    planTarget(state, op, write.target, write.value);
  }
}

/**
 * Compiles an RFC 7644 §3.5.2 PatchOp message for a Group into a `GroupPatchPlan`, without
 * reading the group. Throws a `ScimError` for a malformed message, an unknown or read-only
 * attribute, or a member value that is not a string id.
 */
export function planGroupPatch(body: unknown): GroupPatchPlan {
  const state: PlanState = { members: createMemberDelta() };
  for (const operation of readPatchOperations(body)) {
    planOperation(state, operation.op, operation.path, operation.value);
  }

  const plan: GroupPatchPlan = {
    removeAllMembers: state.members.removeAll,
    removeMembers: [...state.members.remove],
    addMembers: [...state.members.add],
  };
  if (state.displayName !== undefined) plan.displayName = state.displayName;
  if (state.externalId !== undefined) plan.externalId = state.externalId;
  return plan;
}
