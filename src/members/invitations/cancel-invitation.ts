import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { InvitationNotFoundError, InvitationNotPendingError } from './invitation-errors.js';
import { findInvitation } from './invitation-row.js';

/** Withdraws a pending (or expired) invitation; its token stops working at once. */
export async function cancelInvitation(
  manager: EntityManager,
  invitationId: string,
  change: AuditedChange,
): Promise<void> {
  const scope = { id: invitationId, orgId: change.orgId };
  const invitation = await findInvitation(manager, scope, { forUpdate: true });
  if (!invitation) throw new InvitationNotFoundError();
  if (invitation.status !== 'pending') throw new InvitationNotPendingError(invitation.status);

  await manager.query(`UPDATE invitations SET status = 'canceled', updated_at = $2 WHERE id = $1`, [
    invitation.id,
    change.at,
  ]);
  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.invitation.canceled',
    target: { type: 'invitation', id: invitation.id },
    payload: { email: invitation.email, role: invitation.roleName, reason: 'admin_canceled' },
  });
}
