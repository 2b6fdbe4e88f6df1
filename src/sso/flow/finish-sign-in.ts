import type { EntityManager } from 'typeorm';

import { createSession, type CreatedSession } from '../../access/sessions/create-session.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { acceptInvitationBySso } from '../../members/invitations/accept-invitation-by-sso.js';
import type { Keyring } from '../../secrets/keyring.js';
import { refuse } from './flow-refusals.js';
import { authenticatedAtOf, type FinishInput } from './finish-context.js';
import { judgeMfa } from './judge-mfa.js';
import { findLinkedMember, rememberLink } from './link-identity.js';
import { defaultLanding, readOrgSsoPolicy } from './org-sso-policy.js';
import { provisionJitMember } from './provision-jit-member.js';

export interface SignedIn {
  session: CreatedSession;
  memberId: string;
  redirectTo: string;
}

/**
 * The last step of a sign-in, in the caller's transaction: the organization's rules decide who
 * gets in (issue 4 "Identity", "Just-in-time provisioning", "MFA required"), then the session.
 * Any refusal throws, so nothing of it — link, JIT member, session — survives.
 */
export async function finishSignIn(
  manager: EntityManager,
  keyring: Keyring,
  input: FinishInput,
): Promise<SignedIn> {
  const { connection, identity, at } = input;
  if (!connection.enabled) throw refuse.connectionDisabled();
  const policy = await readOrgSsoPolicy(manager, connection.orgId);

  const linked = await findLinkedMember(manager, connection, identity);
  if (linked && linked.status !== 'active') throw refuse.deprovisioned(linked.memberId);
  const mfa = judgeMfa(connection, identity);
  if (policy.mfaRequired && !mfa.satisfied) {
    throw refuse.mfaRequired({
      memberId: linked?.memberId ?? null,
      amr: identity.amr.join(' ').slice(0, 200),
      acr: identity.acr.join(' ').slice(0, 200),
    });
  }
  const admitted = linked ? undefined : await admitNewcomer(manager, input);
  const memberId = linked?.memberId ?? admitted!.memberId;

  await rememberLink(manager, connection, identity.subject, memberId, at);
  const session = await openSsoSession(manager, keyring, input, memberId, mfa.matched);
  await recordAuditEvent(manager, {
    orgId: connection.orgId,
    actor: { type: 'member', id: memberId },
    action: 'member.sso.signed_in',
    target: { type: 'member', id: memberId },
    payload: {
      connectionId: connection.id,
      protocol: connection.protocol,
      sessionId: session.sessionId,
      linkedBy: linked?.via ?? admitted!.via,
      mfa: mfa.satisfied,
      idpInitiated: input.flow === null,
    },
    context: input.context,
    at,
  });
  return { session, memberId, redirectTo: input.flow?.returnTo ?? defaultLanding(policy) };
}

/**
 * An identity no member answers to: a pending invitation to the address the IdP asserted is
 * accepted (the sign-in proves the address), else JIT provisioning when the connection has it.
 */
async function admitNewcomer(manager: EntityManager, input: FinishInput) {
  const { connection, identity } = input;
  if (identity.email) {
    const invited = await acceptInvitationBySso(manager, {
      orgId: connection.orgId,
      email: identity.email,
      context: input.context,
      at: input.at,
    });
    if (invited) return { memberId: invited.id, via: 'invitation' as const };
  }
  if (!connection.config.jitEnabled) throw refuse.notLinked();
  return {
    memberId: await provisionJitMember(manager, connection, identity, input),
    via: 'jit' as const,
  };
}

async function openSsoSession(
  manager: EntityManager,
  keyring: Keyring,
  input: FinishInput,
  memberId: string,
  mfaEvidence: string[],
): Promise<CreatedSession> {
  const { connection, identity } = input;
  const session = await createSession(manager, keyring, {
    orgId: connection.orgId,
    memberId,
    method: connection.protocol === 'saml' ? 'sso_saml' : 'sso_oidc',
    mfaEvidence,
    at: input.at,
  });
  // Kept for step-up (which connection to re-run) and SAML single logout (SAML Profiles §4.4);
  // authenticated_at is when the IdP last saw the person authenticate, not this sign-in.
  await manager.query(
    `UPDATE sessions SET sso_connection_id = $2, sso_session_index = $3, sso_name_id = $4,
       authenticated_at = $5, sso_name_id_format = $6
      WHERE id = $1`,
    [
      session.sessionId,
      connection.id,
      identity.samlSessionIndex,
      identity.samlNameId,
      authenticatedAtOf(identity, input.at),
      identity.samlNameIdFormat ?? null,
    ],
  );
  return session;
}
