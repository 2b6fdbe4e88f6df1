import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import type { RequestContext } from '../ops/request-context.js';
import { deprovisionMember, type DeprovisionReason } from './deprovision-member.js';
import type { MemberRecord } from './member-row.js';

/**
 * Removes a member: deprovisions them (if still active) and retires the row, which frees the
 * userName and externalId for a later re-provisioning. The row stays for the audit trail;
 * team memberships go.
 */
export async function deleteMember(
  manager: EntityManager,
  input: {
    member: MemberRecord;
    reason: DeprovisionReason;
    actor: AuditActor;
    context?: RequestContext;
    at: Date;
  },
): Promise<void> {
  const { member, at } = input;
  if (member.status !== 'deprovisioned') await deprovisionMember(manager, input);

  await manager.query('DELETE FROM team_members WHERE member_id = $1', [member.id]);
  await manager.query('UPDATE members SET manager_id = NULL WHERE manager_id = $1', [member.id]);
  await manager.query(
    `UPDATE members SET deleted_at = $2, status = 'deprovisioned', version = version + 1,
            updated_at = $2, password_hash = NULL
      WHERE id = $1`,
    [member.id, at],
  );
  await recordAuditEvent(manager, {
    orgId: member.orgId,
    actor: input.actor,
    action: 'organization.member.deleted',
    target: { type: 'member', id: member.id },
    payload: { userName: member.userName, reason: input.reason },
    context: input.context,
    at,
  });
}
