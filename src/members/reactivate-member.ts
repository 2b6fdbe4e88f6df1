import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import type { RequestContext } from '../ops/request-context.js';
import type { MemberRecord } from './member-row.js';

/**
 * Restores a deprovisioned member's access. Revoked API keys stay revoked and old sessions stay
 * gone: a returning member signs in again and is issued new credentials.
 */
export async function reactivateMember(
  manager: EntityManager,
  input: { member: MemberRecord; actor: AuditActor; context?: RequestContext; at: Date },
): Promise<void> {
  const { member } = input;
  await manager.query(
    `UPDATE members SET status = 'active', version = version + 1, updated_at = $2 WHERE id = $1`,
    [member.id, input.at],
  );
  await recordAuditEvent(manager, {
    orgId: member.orgId,
    actor: input.actor,
    action: 'organization.member.reactivated',
    target: { type: 'member', id: member.id },
    payload: { userName: member.userName },
    context: input.context,
    at: input.at,
  });
}
