import { SsoError } from '../sso-errors.js';

/**
 * Every way a single-logout message (Profiles §4.4) is refused, with the sentence a person sees.
 * The code labels the failure metric and the audit event, so it never changes once released.
 * Size, DOCTYPE and base64 refusals keep the ACS codes (`saml_too_large`, …): same guards.
 */
export const SAML_LOGOUT_ERROR_MESSAGES = {
  saml_logout_invalid:
    'The sign-out message from your identity provider could not be verified. Nothing was ' +
    'signed out; sign out again from your application.',
  saml_logout_issuer_mismatch:
    'The sign-out message comes from an identity provider this connection does not trust.',
  saml_logout_destination_mismatch: 'The sign-out message was sent to another sign-out address.',
  saml_logout_expired:
    'The sign-out message has expired. Sign out again from your application or your IdP.',
  saml_logout_status_failure:
    'Your identity provider reported that it could not sign you out everywhere. You are ' +
    'signed out of Tessera; close the browser to end your identity provider session.',
} as const;

export type SamlLogoutErrorCode = keyof typeof SAML_LOGOUT_ERROR_MESSAGES;

/** A typed refusal; `detail` goes to the log and audit only (no XML, no NameID). */
export function samlLogoutError(
  code: SamlLogoutErrorCode,
  detail: Record<string, string | number | boolean | null> = {},
): SsoError {
  return new SsoError(code, SAML_LOGOUT_ERROR_MESSAGES[code], 400, detail);
}
