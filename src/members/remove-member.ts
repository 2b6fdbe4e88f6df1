import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../access/audited-change.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { NotFoundError } from '../errors.js';
import { assertOutranks, type Caller } from './change-member-role.js';
import { deleteMember } from './delete-member.js';
import { LastOwnerError } from './member-errors.js';
import { findMember } from './member-row.js';
import { lockActiveOwners } from './owner-lock.js';

/**
 * An admin removes a member from the organization. It is the same path as a SCIM DELETE (rule 3:
 * sessions, API keys and pending invitations are revoked in this transaction; the row is retired
 * so the address can be invited again), recorded as `admin_removed`, plus the admin-facing
 * `organization.member.removed` event. The last active owner stays (rule 4).
 */
export async function removeMember(
  manager: EntityManager,
  input: { memberId: string; caller: Caller },
  change: AuditedChange,
): Promise<void> {
  const owners = await lockActiveOwners(manager, change.orgId);
  const member = await findMember(manager, change.orgId, input.memberId, { forUpdate: true });
  if (!member) throw new NotFoundError('no such member in this organization');
  if (owners.includes(member.id) && owners.length === 1) throw new LastOwnerError(member.id);
  if (member.id !== input.caller.memberId) await assertOutranks(manager, input.caller, member);

  await deleteMember(manager, { ...change, member, reason: 'admin_removed' });
  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.member.removed',
    target: { type: 'member', id: member.id },
    payload: { userName: member.userName, role: member.roleName, status: member.status },
  });
}
