import { SsoError } from '../sso-errors.js';

/**
 * Every way a SAML message is refused, with the sentence a person sees. The code labels the
 * failure metric and the audit event, so it never changes once released.
 */
export const SAML_ERROR_MESSAGES = {
  saml_malformed: 'The sign-in response from your identity provider could not be read.',
  saml_too_large: 'The sign-in response from your identity provider is too large.',
  saml_doctype_refused: 'The sign-in response contains a document type declaration.',
  saml_signature_invalid:
    'The sign-in response is not signed by your identity provider. Ask your IdP admin to ' +
    'check the signing certificate configured in Tessera.',
  saml_assertion_unsigned:
    'The identity provider did not sign the assertion. Ask your IdP admin to sign assertions.',
  saml_sha1_refused:
    'The identity provider signed with SHA-1, which is refused. Ask your IdP admin to use SHA-256.',
  saml_status_failure: 'Your identity provider reported that the sign-in failed.',
  saml_issuer_mismatch:
    'The sign-in response comes from an identity provider this connection does not trust.',
  saml_audience_mismatch: 'The sign-in response was issued for another application.',
  saml_recipient_mismatch: 'The sign-in response was issued for another sign-in address.',
  saml_destination_mismatch: 'The sign-in response was sent to another sign-in address.',
  saml_expired: 'The sign-in response has expired. Please sign in again.',
  saml_not_yet_valid: 'The sign-in response is not valid yet. Check the clocks and sign in again.',
  saml_in_response_to_mismatch: 'The sign-in response does not match the request.',
  saml_replay: 'This sign-in response was already used. Please sign in again.',
  saml_subject_missing: 'The sign-in response names no user.',
  saml_metadata_invalid: 'The IdP metadata could not be used.',
  saml_not_configured: 'This SAML connection is not configured completely.',
} as const;

export type SamlErrorCode = keyof typeof SAML_ERROR_MESSAGES;

/** A typed refusal; `detail` goes to the log and audit only (no XML, no attribute values). */
export function samlError(
  code: SamlErrorCode,
  detail: Record<string, string | number | boolean | null> = {},
): SsoError {
  // RFC 9110 §15.5.14: a message over the size limit is 413, like the body parser's refusal.
  const status = code === 'saml_too_large' ? 413 : 400;
  return new SsoError(code, SAML_ERROR_MESSAGES[code], status, detail);
}
