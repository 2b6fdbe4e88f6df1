import type { AssertionFacts } from './read-verified-assertion.js';
import type { ResponseEnvelope } from './inspect-saml-response.js';
import { samlError } from './saml-errors.js';

export interface SamlCheckContext {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  now: Date;
  skewMs: number;
}

/** xs:dateTime in UTC as SAML requires (Core §1.3.3); anything else is malformed. */
export function parseSamlTime(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) || Number.isNaN(ms)) {
    throw samlError('saml_malformed', { reason: `bad_time_${field}` });
  }
  return ms;
}

/**
 * Profiles §4.1.4.2: the assertion's Issuer is the IdP's entity id; Core §3.2.2: a Response
 * Issuer, when present, must name the same entity. A valid signature by a certificate we trust
 * does not replace this: one certificate may serve several entity ids.
 */
export function checkIssuer(
  facts: AssertionFacts,
  envelope: ResponseEnvelope,
  ctx: SamlCheckContext,
) {
  if (facts.issuer !== ctx.idpEntityId) {
    throw samlError('saml_issuer_mismatch', { where: 'assertion' });
  }
  if (envelope.issuer !== null && envelope.issuer !== ctx.idpEntityId) {
    throw samlError('saml_issuer_mismatch', { where: 'response' });
  }
}

/**
 * Core §2.5.1.4 and Profiles §4.1.4.2: at least one AudienceRestriction, and every one of them
 * names our SP entity id, so an assertion for organization A is refused at B's ACS.
 */
export function checkAudience(facts: AssertionFacts, ctx: SamlCheckContext): void {
  const restrictions = facts.audienceRestrictions;
  if (restrictions.length === 0 || restrictions.some((r) => !r.includes(ctx.spEntityId))) {
    throw samlError('saml_audience_mismatch');
  }
}

/** Core §2.5.1.2: NotBefore ≤ now < NotOnOrAfter, widened by the configured clock skew. */
export function checkValidityWindow(facts: AssertionFacts, ctx: SamlCheckContext): void {
  const now = ctx.now.getTime();
  if (facts.notBefore && now + ctx.skewMs < parseSamlTime(facts.notBefore, 'not_before')) {
    throw samlError('saml_not_yet_valid');
  }
  if (
    facts.notOnOrAfter &&
    now - ctx.skewMs >= parseSamlTime(facts.notOnOrAfter, 'not_on_or_after')
  ) {
    throw samlError('saml_expired', { where: 'conditions' });
  }
}
