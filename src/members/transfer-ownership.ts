import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../access/audited-change.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { NotFoundError } from '../errors.js';
import { findBuiltinRoleId } from '../orgs/create-organization.js';
import {
  AlreadyOwnerError,
  MemberNotActiveError,
  OwnerRequiredError,
} from './member-role-errors.js';
import { findMember, type MemberRecord } from './member-row.js';
import { lockActiveOwners } from './owner-lock.js';

/**
 * Rule 9: the only way to make an owner. The calling owner hands the role to an active member
 * and becomes an admin, in one transaction, so the organization has an owner at every instant.
 */
export async function transferOwnership(
  manager: EntityManager,
  input: { memberId: string; callerId: string },
  change: AuditedChange,
): Promise<{ owner: MemberRecord; previousOwner: MemberRecord }> {
  const owners = await lockActiveOwners(manager, change.orgId);
  if (!owners.includes(input.callerId)) throw new OwnerRequiredError();
  const target = await findMember(manager, change.orgId, input.memberId, { forUpdate: true });
  if (!target) throw new NotFoundError('no such member in this organization');
  if (owners.includes(target.id)) throw new AlreadyOwnerError();
  if (target.status !== 'active') throw new MemberNotActiveError();

  const ownerRoleId = await findBuiltinRoleId(manager, change.orgId, 'owner');
  const adminRoleId = await findBuiltinRoleId(manager, change.orgId, 'admin');
  const setRole = `UPDATE members SET role_id = $2, version = version + 1, updated_at = $3
                    WHERE id = $1`;
  await manager.query(setRole, [target.id, ownerRoleId, change.at]);
  await manager.query(setRole, [input.callerId, adminRoleId, change.at]);

  const previousOwner = (await findMember(manager, change.orgId, input.callerId))!;
  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.member.ownership_transferred',
    target: { type: 'member', id: target.id },
    payload: {
      userName: target.userName,
      previousRole: target.roleName,
      fromMemberId: previousOwner.id,
      fromUserName: previousOwner.userName,
      fromNewRole: 'admin',
    },
  });
  return { owner: (await findMember(manager, change.orgId, target.id))!, previousOwner };
}
