import type { RequestContext } from '../../ops/request-context.js';
import type { SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';
import type { FlowRecord } from './flow-store.js';

/** Everything a verified response brings to the last step of a flow. */
export interface FinishInput {
  connection: SsoConnectionRecord;
  identity: VerifiedIdentity;
  /** Null for an IdP-initiated SAML sign-in, which has no flow. */
  flow: FlowRecord | null;
  context: RequestContext;
  at: Date;
}

/**
 * When the person last proved who they are, as the session keeps it (DESIGN rule 2): the IdP's
 * SAML AuthnInstant or OIDC `auth_time` (Core §2), never later than now. A sign-in that rode on
 * an IdP session from hours ago is that old, so signing in again silently cannot stand in for
 * step-up's forced re-authentication. Without a date from the IdP, the sign-in is all we know.
 * TODO(sso-auth-time): OPs may omit `auth_time` unless asked (`max_age`, or the `claims`
 * parameter); asking every OP for it needs a check of which ones honour `claims`.
 */
export function authenticatedAtOf(identity: VerifiedIdentity, at: Date): Date {
  const idp = identity.authenticatedAt?.getTime();
  if (idp === undefined || !Number.isFinite(idp)) return at;
  return new Date(Math.min(idp, at.getTime()));
}
