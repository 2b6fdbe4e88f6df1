import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { RequestContext } from '../../ops/request-context.js';
import type { Keyring } from '../../secrets/keyring.js';
import { emptyProfile } from '../member-profile.js';
import type { MemberRecord } from '../member-row.js';
import { provisionMember } from '../provision-member.js';
import {
  InvitationNoLongerValidError,
  InvitationUnusableError,
  UnknownInvitationTokenError,
} from './invitation-errors.js';
import { findInvitation, stateOf } from './invitation-row.js';
import { invitationSecretMatches, parseInvitationToken } from './invitation-token.js';
import { assertEmailDomainAllowed, assertNotAMember, lockInvitee } from './invitee-checks.js';
import { inviterStillBacks } from './inviter-standing.js';

/**
 * Turns an invitation into a member, in one transaction: the member is created with the
 * invitation's role (source `invitation`, userName = the invited address) and the invitation is
 * marked accepted, or neither happens. An unknown token and a wrong secret look the same (404);
 * only the holder of the right secret learns that an invitation expired or was used, or that its
 * inviter no longer backs it (rule 9; `redeemInvitation` then cancels it).
 *
 * TODO(sso-invitations): the invitee should prove they own the invited address by signing in
 * through the organization's SSO before the member is created (issue 4); SSO does not exist yet,
 * so until then possession of the token is the proof.
 */
export async function acceptInvitation(
  manager: EntityManager,
  keyring: Keyring,
  input: { token: string; context?: RequestContext; at: Date },
): Promise<MemberRecord> {
  const parsed = parseInvitationToken(input.token);
  if (!parsed) throw new UnknownInvitationTokenError();
  const invitation = await findInvitation(manager, { id: parsed.id }, { forUpdate: true });
  if (!invitation || !invitationSecretMatches(keyring, invitation.tokenHash, parsed.secret)) {
    throw new UnknownInvitationTokenError();
  }
  const state = stateOf(invitation, input.at);
  if (state !== 'pending') throw new InvitationUnusableError(state);
  if (!(await inviterStillBacks(manager, invitation))) {
    throw new InvitationNoLongerValidError(invitation.id, invitation.orgId);
  }

  const { orgId, email } = invitation;
  await assertEmailDomainAllowed(manager, orgId, email);
  await lockInvitee(manager, orgId, email);
  await assertNotAMember(manager, orgId, email);

  const member = await provisionMember(manager, {
    orgId,
    profile: { ...emptyProfile(email), emails: [{ value: email, primary: true }] },
    active: true,
    source: 'invitation',
    scimConnectionId: null,
    roleId: invitation.roleId,
    // Tessera creates the member on the invitee's behalf; the event below names the invitee.
    actor: { type: 'system', id: null },
    context: input.context,
    at: input.at,
  });
  await manager.query(`UPDATE invitations SET status = 'accepted', updated_at = $2 WHERE id = $1`, [
    invitation.id,
    input.at,
  ]);
  await recordAuditEvent(manager, {
    orgId,
    actor: { type: 'member', id: member.id },
    action: 'organization.invitation.accepted',
    target: { type: 'invitation', id: invitation.id },
    payload: { email, memberId: member.id, role: invitation.roleName },
    context: input.context,
    at: input.at,
  });
  return member;
}
