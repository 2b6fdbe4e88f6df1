import type { EntityManager } from 'typeorm';

import { countFailure, type ThrottlePolicy } from '../../auth/break-glass/sign-in-throttle.js';

/**
 * Refusals anyone can cause with nothing the IdP signed: a garbled or forged ACS post, a
 * callback with a made-up state. They prove nothing about a member, and an anonymous sender who
 * knows a connection id could otherwise grow that organization's audit trail without bound.
 */
const UNVERIFIED_CODES = new Set([
  'saml_malformed',
  'saml_too_large',
  'saml_doctype_refused',
  'saml_signature_invalid',
  'saml_assertion_unsigned',
  'saml_sha1_refused',
  // Core §3.2.2.2: an error Response is read before any signature, and IdPs often leave it
  // unsigned, so anyone can post one naming any status.
  'saml_status_failure',
  'saml_logout_invalid',
  'sso_flow_unknown',
]);

/** At most this many such refusals per connection are audited per window; all are logged. */
export const UNVERIFIED_AUDIT_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: 10 * 60_000,
  lockMs: 10 * 60_000,
};

export type AuditDecision = 'audit' | 'audit_and_warn' | 'skip';

/**
 * Whether one refusal goes into the audit trail. Refusals about a verified identity or a flow a
 * signed-in member started are always audited; unverified ones up to the budget, counted in the
 * database so every instance shares it. The last audited one is flagged so the trail says that
 * later ones in the window went to the log only. `unverified` comes from the handler: a sign-in
 * flow is started by anyone (`/sso/start`), so a refusal of one before the IdP's ID token is
 * verified (a `return_to` not allowed, an OIDC `error=` or a made-up code on a flow the sender
 * started himself) says nothing about a member either, whatever its code.
 */
export async function decideRefusalAudit(
  manager: EntityManager,
  connectionId: string,
  code: string,
  now: Date,
  how: { clientFault: boolean; unverified: boolean },
): Promise<AuditDecision> {
  if (!how.clientFault && !how.unverified && !UNVERIFIED_CODES.has(code)) return 'audit';
  const key = `sso:unverified:${connectionId}`;
  const { failures } = await countFailure(manager, key, UNVERIFIED_AUDIT_POLICY, now);
  if (failures < UNVERIFIED_AUDIT_POLICY.maxFailures) return 'audit';
  return failures === UNVERIFIED_AUDIT_POLICY.maxFailures ? 'audit_and_warn' : 'skip';
}
