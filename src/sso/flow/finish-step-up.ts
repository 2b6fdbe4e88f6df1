import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { SamlConnectionConfig } from '../sso-types.js';
import { refuse } from './flow-refusals.js';
import { authenticatedAtOf, type FinishInput } from './finish-context.js';
import { judgeMfa } from './judge-mfa.js';
import { findLinkedMember, rememberLink } from './link-identity.js';
import { defaultLanding, readOrgSsoPolicy } from './org-sso-policy.js';

/** Tolerated clock difference between the IdP and Tessera when judging `auth_time`. */
const DEFAULT_SKEW_SECONDS = 60;

/**
 * The last step of a step-up (DESIGN rule 2): the IdP re-authenticated the person, so the
 * session's `authenticated_at` is renewed — only when the identity is the session's own member,
 * the organization's MFA rule holds, and the authentication is new (it happened after the flow
 * started: SAML `AuthnInstant`, OIDC `auth_time`, OIDC Core §3.1.2.1 `max_age=0`).
 */
export async function finishStepUp(manager: EntityManager, input: FinishInput) {
  const { connection, identity, flow, at } = input;
  if (!connection.enabled) throw refuse.connectionDisabled();
  const [session] = await manager.query(
    'SELECT id, member_id FROM sessions WHERE id = $1 AND org_id = $2 FOR UPDATE',
    [flow?.sessionId ?? null, connection.orgId],
  );
  if (!flow || !session) throw refuse.sessionGone();

  const linked = await findLinkedMember(manager, connection, identity);
  if (!linked || linked.memberId !== session.member_id) throw refuse.stepUpMismatch();
  if (linked.status !== 'active') throw refuse.deprovisioned(linked.memberId);
  assertFreshAuthentication(input);
  const policy = await readOrgSsoPolicy(manager, connection.orgId);
  const mfa = judgeMfa(connection, identity);
  if (policy.mfaRequired && !mfa.satisfied) {
    throw refuse.mfaRequired({ memberId: linked.memberId, stepUp: true });
  }

  await manager.query(
    'UPDATE sessions SET authenticated_at = $2, mfa_evidence = $3 WHERE id = $1',
    [session.id, authenticatedAtOf(identity, at), JSON.stringify(mfa.matched)],
  );
  await rememberLink(manager, connection, identity.subject, linked.memberId, at);
  await recordAuditEvent(manager, {
    orgId: connection.orgId,
    actor: { type: 'member', id: linked.memberId },
    action: 'member.sso.stepped_up',
    target: { type: 'member', id: linked.memberId },
    payload: { connectionId: connection.id, sessionId: session.id, mfa: mfa.satisfied },
    context: input.context,
    at,
  });
  return { redirectTo: flow.returnTo ?? defaultLanding(policy) };
}

function assertFreshAuthentication(input: FinishInput): void {
  const { connection, identity, flow } = input;
  const skew =
    connection.protocol === 'saml'
      ? ((connection.config as SamlConnectionConfig).clockSkewSeconds ?? DEFAULT_SKEW_SECONDS)
      : DEFAULT_SKEW_SECONDS;
  const authenticatedAt = identity.authenticatedAt?.getTime();
  const earliest = flow!.createdAt.getTime() - skew * 1000;
  // Written as "not at or after" so an unreadable date (NaN) is refused, not waved through.
  if (authenticatedAt === undefined || !(authenticatedAt >= earliest)) {
    throw refuse.staleAuthentication({
      authenticatedAt: Number.isFinite(authenticatedAt)
        ? new Date(authenticatedAt!).toISOString()
        : null,
      flowStartedAt: flow!.createdAt.toISOString(),
    });
  }
}
