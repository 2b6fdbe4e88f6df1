import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../access/audited-change.js';
import type { Permission } from '../access/permissions.js';
import { assertCanGrantRole, firstMissing, PermissionNotHeldError } from '../access/role-grants.js';
import { findRole, permissionsOfRole } from '../access/role-permissions.js';
import { RoleNotFoundError } from '../access/roles/role-errors.js';
import { findRoleRow } from '../access/roles/role-row.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { NotFoundError } from '../errors.js';
import { LastOwnerError } from './member-errors.js';
import { OwnRoleChangeError } from './member-role-errors.js';
import { findMember, type MemberRecord } from './member-row.js';
import { lockActiveOwners } from './owner-lock.js';

/** Who asks for a change to another member: their member id and what they hold. */
export interface Caller {
  memberId: string;
  permissions: ReadonlySet<Permission>;
}

/**
 * Gives a member another role. The caller may not change their own role, may grant only a role
 * whose every permission they hold and never `owner` (rule 9), may not change the role of a
 * member who holds more than they do, and may not demote the last active owner (rule 4).
 */
export async function changeMemberRole(
  manager: EntityManager,
  input: { memberId: string; roleId: string; caller: Caller },
  change: AuditedChange,
): Promise<MemberRecord> {
  if (input.memberId === input.caller.memberId) throw new OwnRoleChangeError();
  const owners = await lockActiveOwners(manager, change.orgId);
  const member = await findMember(manager, change.orgId, input.memberId, { forUpdate: true });
  if (!member) throw new NotFoundError('no such member in this organization');
  const role = await findRoleRow(manager, change.orgId, input.roleId, 'share');
  if (!role) throw new RoleNotFoundError();

  assertCanGrantRole(input.caller.permissions, role);
  if (member.roleId === role.id) return member;
  if (owners.includes(member.id) && owners.length === 1) throw new LastOwnerError(member.id);
  await assertOutranks(manager, input.caller, member);

  await manager.query(
    `UPDATE members SET role_id = $2, version = version + 1, updated_at = $3 WHERE id = $1`,
    [member.id, role.id, change.at],
  );
  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.member.role_updated',
    target: { type: 'member', id: member.id },
    payload: {
      userName: member.userName,
      oldRole: member.roleName,
      newRole: role.name,
      oldRoleId: member.roleId,
      newRoleId: role.id,
    },
  });
  return (await findMember(manager, change.orgId, member.id))!;
}

/**
 * Rule 9 read the other way: taking a role away is also a grant decision, so the caller must hold
 * every permission the member holds now. An admin cannot demote or remove an owner.
 */
export async function assertOutranks(
  manager: EntityManager,
  caller: Caller,
  member: MemberRecord,
): Promise<void> {
  const current = await findRole(manager, member.orgId, member.roleId);
  const missing = current && firstMissing(caller.permissions, permissionsOfRole(current));
  if (missing) {
    throw new PermissionNotHeldError(
      missing,
      `this member holds ${missing}, which you do not; only someone who holds it can do this`,
    );
  }
}
