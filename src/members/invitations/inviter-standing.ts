import type { EntityManager } from 'typeorm';

import { firstMissing, isOwnerRole } from '../../access/role-grants.js';
import { permissionsOfRole } from '../../access/role-permissions.js';
import { findRoleRow } from '../../access/roles/role-row.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { RequestContext } from '../../ops/request-context.js';
import { findInvitation, type InvitationRecord } from './invitation-row.js';

export const INVITER_NO_LONGER_QUALIFIED = 'inviter_no_longer_qualified';

/** The inviter's current role, if they are still an active member; locked against a change. */
const INVITER_ROLE = `SELECT r.name, r.builtin, r.permissions
   FROM members m JOIN roles r ON r.id = m.role_id
  WHERE m.id = $1 AND m.org_id = $2 AND m.status = 'active' AND m.deleted_at IS NULL
  FOR SHARE OF m, r`;

/**
 * Rule 9 at the moment of use: a pending invitation grants its role on the inviter's word, so it
 * holds only while the inviter is an active member holding every permission the role has now
 * (the role may have been widened since). The rows stay share-locked until the caller commits,
 * so a concurrent demotion waits for the acceptance or is seen by it.
 */
export async function inviterStillBacks(
  manager: EntityManager,
  invitation: InvitationRecord,
): Promise<boolean> {
  const [inviter] = await manager.query(INVITER_ROLE, [
    invitation.invitedByMemberId,
    invitation.orgId,
  ]);
  if (!inviter) return false;
  const role = await findRoleRow(manager, invitation.orgId, invitation.roleId, 'share');
  if (!role || isOwnerRole(role)) return false;
  return firstMissing(permissionsOfRole(inviter), permissionsOfRole(role)) === undefined;
}

/**
 * Cancels an invitation its inviter no longer backs, as Tessera's own act, audited. Checked again
 * under the row lock, so a retried or concurrent refusal cancels and records it once.
 */
export async function withdrawUnbackedInvitation(
  manager: EntityManager,
  invitationId: string,
  input: { context?: RequestContext; at: Date },
): Promise<void> {
  const invitation = await findInvitation(manager, { id: invitationId }, { forUpdate: true });
  if (!invitation || invitation.status !== 'pending') return;
  if (await inviterStillBacks(manager, invitation)) return;

  await manager.query(`UPDATE invitations SET status = 'canceled', updated_at = $2 WHERE id = $1`, [
    invitation.id,
    input.at,
  ]);
  await recordAuditEvent(manager, {
    orgId: invitation.orgId,
    actor: { type: 'system', id: null },
    action: 'organization.invitation.canceled',
    target: { type: 'invitation', id: invitation.id },
    payload: {
      email: invitation.email,
      role: invitation.roleName,
      invitedByMemberId: invitation.invitedByMemberId,
      reason: INVITER_NO_LONGER_QUALIFIED,
    },
    context: input.context,
    at: input.at,
  });
}
