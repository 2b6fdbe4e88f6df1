import { SamlStatusError, type SAML } from '@node-saml/node-saml';

import { SsoError } from '../sso-errors.js';
import { samlError } from './saml-errors.js';

/**
 * node-saml tells its failures apart only by message text; this is the one place that turns
 * them into codes. Anything unrecognised is a signature failure: when in doubt, refuse.
 */
function mapNodeSamlError(e: unknown): SsoError {
  if (e instanceof SsoError) return e;
  if (e instanceof SamlStatusError) return samlError('saml_status_failure');
  const message = e instanceof Error ? e.message : String(e);
  // Core §2.5.1.4: the assertion must name us in every AudienceRestriction.
  if (/audience/i.test(message)) return samlError('saml_audience_mismatch');
  // TODO(saml-encryption): EncryptedAssertion needs an SP decryption key we do not publish yet;
  // until then such responses are refused as unreadable rather than half-processed.
  if (/decryption key|EncryptedAssertion/i.test(message)) {
    return samlError('saml_malformed', { reason: 'encrypted_assertion_unsupported' });
  }
  if (/Missing SAML assertion|Unknown SAML response/i.test(message)) {
    return samlError('saml_malformed', { reason: 'no_assertion' });
  }
  if (
    /multiple assertions|ID cannot refer|more than one element|multiple conditions/i.test(message)
  ) {
    return samlError('saml_signature_invalid', { reason: 'ambiguous_structure' });
  }
  return samlError('saml_signature_invalid', { reason: message.slice(0, 120) });
}

/**
 * Checks the IdP's XML signature with node-saml against the connection's certificates only
 * (KeyInfo in the message is never trusted, XML-DSig §4.5 leaves trust to the application) and
 * returns the assertion exactly as the signature covers it: the canonical bytes of the signed
 * element, not the document it came in. Everything read later is read from these bytes.
 */
export async function verifySamlSignature(saml: SAML, xml: string): Promise<string> {
  let assertionXml: string | undefined;
  try {
    const base64 = Buffer.from(xml, 'utf8').toString('base64');
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
    assertionXml = profile?.getAssertionXml?.();
  } catch (e: unknown) {
    throw mapNodeSamlError(e);
  }
  if (!assertionXml) throw samlError('saml_malformed', { reason: 'no_assertion' });
  return assertionXml;
}
