import { DEFAULT_MFA_POLICY } from '../connections/sso-defaults.js';
import type { SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';

/** What the IdP said about how the person authenticated, and whether it counts as MFA. */
export interface MfaJudgement {
  satisfied: boolean;
  /** The values that matched the policy; kept on the session as its MFA evidence. */
  matched: string[];
}

const intersect = (sent: string[], accepted: string[]) => sent.filter((v) => accepted.includes(v));

/**
 * DESIGN rule 5, compared per protocol. OIDC: `amr` values (RFC 8176 §2) or the `acr` value
 * (OIDC Core §2) in the connection's lists. SAML: an `AuthnContextClassRef` (SAML Core
 * §2.7.2.2) in the accepted list, or a value of a method attribute (Entra's
 * `authnmethodsreferences`, Okta's `session.amr`) that the SAML module folded into `amr`.
 */
export function judgeMfa(connection: SsoConnectionRecord, identity: VerifiedIdentity) {
  const policy = connection.config.mfa ?? DEFAULT_MFA_POLICY;
  const matched =
    connection.protocol === 'oidc'
      ? [...intersect(identity.amr, policy.amrValues), ...intersect(identity.acr, policy.acrValues)]
      : [
          ...intersect(identity.acr, policy.authnContextClassRefs),
          ...intersect(identity.amr, policy.methodValues),
        ];
  const unique = [...new Set(matched)];
  return { satisfied: unique.length > 0, matched: unique } satisfies MfaJudgement;
}
