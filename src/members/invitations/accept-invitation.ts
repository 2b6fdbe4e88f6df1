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
  SsoRequiredError,
  UnknownInvitationTokenError,
} from './invitation-errors.js';
import { findInvitation, stateOf, type InvitationRecord } from './invitation-row.js';
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
 * With SSO enforced (DESIGN rule 5) the token alone admits nobody: the holder learns they must
 * sign in through SSO (409 `sso_required`), and that sign-in accepts the invitation once the IdP
 * has proved the address (`acceptInvitationBySso`).
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

  await assertSsoNotEnforced(manager, invitation.orgId);
  return admitInvitee(manager, invitation, input);
}

/**
 * Creates the invited member with the invitation's role and marks the invitation accepted, in
 * the caller's transaction. The invitation is pending, locked and still backed by its inviter.
 */
export async function admitInvitee(
  manager: EntityManager,
  invitation: InvitationRecord,
  input: { context?: RequestContext; at: Date },
): Promise<MemberRecord> {
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

/** Only the right token's holder reaches this, so it reveals nothing to a guesser. */
async function assertSsoNotEnforced(manager: EntityManager, orgId: string): Promise<void> {
  const [org] = await manager.query('SELECT slug, security FROM organizations WHERE id = $1', [
    orgId,
  ]);
  if (org?.security?.ssoEnforced === true) throw new SsoRequiredError(org.slug);
}
