import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import { assertCanGrantRole } from '../../access/role-grants.js';
import { RoleNotFoundError } from '../../access/roles/role-errors.js';
import { findRoleRow } from '../../access/roles/role-row.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { Keyring } from '../../secrets/keyring.js';
import type { Caller } from '../change-member-role.js';
import type { IssuedInvitation } from './create-invitation.js';
import { InvitationNotFoundError, InvitationNotPendingError } from './invitation-errors.js';
import { findInvitation } from './invitation-row.js';
import { INVITATION_LIFETIME_MS, issueInvitationToken } from './invitation-token.js';
import {
  assertEmailDomainAllowed,
  assertNoPendingInvitation,
  assertNotAMember,
  lockInvitee,
} from './invitee-checks.js';

/**
 * Gives a pending (or expired) invitation a new token and seven more days; the old token stops
 * working. Rule 9: the invitation's role is checked again, against the member refreshing it,
 * as are the domain allowlist and membership, which may have changed since it was sent.
 */
export async function refreshInvitation(
  manager: EntityManager,
  keyring: Keyring,
  input: { invitationId: string; caller: Caller },
  change: AuditedChange,
): Promise<IssuedInvitation> {
  const { orgId, at } = change;
  const current = await findInvitation(
    manager,
    { id: input.invitationId, orgId },
    { forUpdate: true },
  );
  if (!current) throw new InvitationNotFoundError();
  if (current.status !== 'pending') throw new InvitationNotPendingError(current.status);
  const role = await findRoleRow(manager, orgId, current.roleId, 'share');
  if (!role) throw new RoleNotFoundError();
  assertCanGrantRole(input.caller.permissions, role);
  await assertEmailDomainAllowed(manager, orgId, current.email);
  await lockInvitee(manager, orgId, current.email);
  await assertNotAMember(manager, orgId, current.email);
  await assertNoPendingInvitation(manager, {
    orgId,
    email: current.email,
    at,
    exceptId: current.id,
  });

  const { token, tokenHash } = issueInvitationToken(keyring, current.id);
  const expiresAt = new Date(at.getTime() + INVITATION_LIFETIME_MS);
  await manager.query(
    // The refresher vouches for the role now (checked above), so they become the inviter whose
    // standing acceptance checks: a demoted original inviter no longer sinks a renewed offer.
    `UPDATE invitations SET token_hash = $2, expires_at = $3, updated_at = $4,
            invited_by_member_id = $5
      WHERE id = $1`,
    [current.id, tokenHash, expiresAt, at, input.caller.memberId],
  );
  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.invitation.refreshed',
    target: { type: 'invitation', id: current.id },
    payload: {
      email: current.email,
      role: role.name,
      expiresAt: expiresAt.toISOString(),
      previousInviterId: current.invitedByMemberId,
    },
  });
  const invitation = (await findInvitation(manager, { id: current.id, orgId }))!;
  return { invitation, acceptToken: token };
}
