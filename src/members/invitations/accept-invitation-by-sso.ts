import type { EntityManager } from 'typeorm';

import type { RequestContext } from '../../ops/request-context.js';
import type { MemberRecord } from '../member-row.js';
import { admitInvitee } from './accept-invitation.js';
import { findInvitation, stateOf } from './invitation-row.js';
import { lockInvitee } from './invitee-checks.js';
import { inviterStillBacks } from './inviter-standing.js';

/**
 * An SSO sign-in whose IdP asserted an address with a pending invitation in THIS organization
 * accepts it: the IdP's sign-in is the proof of the address that the token is under enforced
 * SSO. Undefined when there is none usable; an invitation its inviter no longer backs is left
 * for the token path to cancel, and the sign-in goes on as if there were none.
 */
export async function acceptInvitationBySso(
  manager: EntityManager,
  input: { orgId: string; email: string; context: RequestContext; at: Date },
): Promise<MemberRecord | undefined> {
  await lockInvitee(manager, input.orgId, input.email);
  const [row] = await manager.query(
    `SELECT id FROM invitations
      WHERE org_id = $1 AND lower(email) = lower($2) AND status = 'pending' AND expires_at > $3
      ORDER BY created_at DESC LIMIT 1`,
    [input.orgId, input.email, input.at],
  );
  if (!row) return undefined;
  const invitation = await findInvitation(manager, { id: row.id }, { forUpdate: true });
  if (!invitation || stateOf(invitation, input.at) !== 'pending') return undefined;
  if (!(await inviterStillBacks(manager, invitation))) return undefined;
  return admitInvitee(manager, invitation, input);
}
