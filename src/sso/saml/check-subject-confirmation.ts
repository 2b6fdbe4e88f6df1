import type { SamlCheckContext } from './check-assertion-conditions.js';
import { parseSamlTime } from './check-assertion-conditions.js';
import type { ResponseEnvelope } from './inspect-saml-response.js';
import type { AssertionFacts, BearerConfirmation } from './read-verified-assertion.js';
import { samlError } from './saml-errors.js';

/**
 * Bindings §3.5.5.2: a Destination on the Response must be the URL it was delivered to. The
 * attribute is outside the signed assertion, so it only ever refuses; Recipient is the signed
 * check.
 */
export function checkDestination(envelope: ResponseEnvelope, ctx: SamlCheckContext): void {
  if (envelope.destination !== null && envelope.destination !== ctx.acsUrl) {
    throw samlError('saml_destination_mismatch');
  }
}

/**
 * Profiles §4.1.4.2 and §4.1.4.3: at least one bearer SubjectConfirmation whose data names our
 * ACS URL as Recipient, has not passed NotOnOrAfter (skew allowed), and has no NotBefore in the
 * future. Returns the confirmation that satisfied them.
 */
export function checkBearerConfirmation(
  facts: AssertionFacts,
  ctx: SamlCheckContext,
): BearerConfirmation {
  const forUs = facts.confirmations.filter((c) => c.recipient === ctx.acsUrl);
  if (forUs.length === 0) throw samlError('saml_recipient_mismatch');

  const now = ctx.now.getTime();
  const current = forUs.find((c) => {
    // §4.1.4.2: the bearer data MUST carry NotOnOrAfter, so a missing one is not "forever".
    if (!c.notOnOrAfter) return false;
    if (now - ctx.skewMs >= parseSamlTime(c.notOnOrAfter, 'subject_not_on_or_after')) return false;
    return !c.notBefore || now + ctx.skewMs >= parseSamlTime(c.notBefore, 'subject_not_before');
  });
  if (!current) throw samlError('saml_expired', { where: 'subject_confirmation' });
  return current;
}

/**
 * Profiles §4.1.4.2: for a solicited response the signed SubjectConfirmationData carries the
 * request id; the Response's InResponseTo (Core §3.2.2) must agree. The signed value is what the
 * flow matches against `sso_flows`; null means IdP-initiated.
 */
export function inResponseToOf(
  confirmation: BearerConfirmation,
  envelope: ResponseEnvelope,
): string | null {
  const signed = confirmation.inResponseTo;
  if (envelope.inResponseTo !== null && envelope.inResponseTo !== signed) {
    throw samlError('saml_in_response_to_mismatch');
  }
  return signed;
}
