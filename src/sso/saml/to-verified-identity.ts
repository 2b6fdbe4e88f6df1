import type { SamlConnectionConfig, VerifiedIdentity } from '../sso-types.js';
import { parseSamlTime } from './check-assertion-conditions.js';
import type { AssertionFacts } from './read-verified-assertion.js';
import { samlError } from './saml-errors.js';

const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
/**
 * Core §8.3.7 / §8.3.8: persistent and transient identifiers are at most 256 characters, and an
 * email address fits too. The subject is the key of a unique index (`sso_identities`), whose
 * entries Postgres caps near 2.7 kB, so a longer one is refused here rather than there.
 */
export const MAX_NAME_ID_LENGTH = 256;

function first(attributes: Record<string, string[]>, name: string): string | null {
  const value = attributes[name]?.find((v) => v.length > 0);
  return value ?? null;
}

/**
 * The identity the flow links and judges, built only from the verified assertion. `amr` is the
 * union of the attributes the MFA policy names as method carriers (Entra's
 * `authnmethodsreferences`, Okta's mapped `session.amr`); `acr` is the AuthnContextClassRefs.
 */
export function toVerifiedIdentity(
  facts: AssertionFacts,
  config: SamlConnectionConfig,
): VerifiedIdentity {
  // Core §2.2.3 / Profiles §4.1.4.2: the bearer assertion's Subject identifies the principal.
  if (!facts.nameId) throw samlError('saml_subject_missing');
  if (facts.nameId.length > MAX_NAME_ID_LENGTH) {
    throw samlError('saml_malformed', { reason: 'name_id_too_long' });
  }
  // Profiles §4.1.4.2: an SSO assertion carries an AuthnStatement, and Core §2.7.2 makes its
  // AuthnInstant required. It dates the person's login, which session freshness and step-up
  // rely on, so a missing or malformed one is refused rather than read as "now" (or as NaN,
  // which no comparison would refuse).
  if (!facts.authnInstant) throw samlError('saml_malformed', { reason: 'no_authn_instant' });
  const authenticatedAt = new Date(parseSamlTime(facts.authnInstant, 'authn_instant'));
  const { attributes } = facts;
  const mapping = config.attributeMapping;
  const methodNames = config.mfa?.methodAttributes ?? [];
  const emailFromNameId = facts.nameIdFormat === NAMEID_EMAIL ? facts.nameId : null;
  return {
    protocol: 'saml',
    subject: facts.nameId,
    email: first(attributes, mapping.email) ?? emailFromNameId,
    givenName: first(attributes, mapping.givenName),
    familyName: first(attributes, mapping.familyName),
    groups: attributes[mapping.groups] ?? [],
    amr: [...new Set(methodNames.flatMap((name) => attributes[name] ?? []))],
    acr: facts.classRefs,
    attributes: { ...attributes },
    authenticatedAt,
    samlSessionIndex: facts.sessionIndex,
    samlNameId: facts.nameId,
    samlNameIdFormat: facts.nameIdFormat,
  };
}
