import { SsoError } from '../sso-errors.js';

/** Stable codes of refused OIDC sign-ins; they label metrics and audit events. */
export type OidcErrorCode =
  | 'oidc_state_mismatch'
  | 'oidc_nonce_mismatch'
  | 'oidc_pkce_failed'
  | 'oidc_issuer_mismatch'
  | 'oidc_audience_mismatch'
  | 'oidc_token_expired'
  | 'oidc_alg_refused'
  | 'oidc_signature_invalid'
  | 'oidc_stale_auth_time'
  | 'oidc_code_rejected'
  | 'oidc_tenant_refused'
  | 'oidc_idp_error'
  | 'oidc_discovery_failed';

const RETRY = 'Start the sign-in again from the beginning.';
const ASK_ADMIN = "Ask your organization's administrator to check the SSO connection.";

/** What the person is told; the detail of what failed goes to the log only. */
const MESSAGES: Record<OidcErrorCode, string> = {
  oidc_state_mismatch: `This sign-in response does not belong to this browser. ${RETRY}`,
  oidc_nonce_mismatch: `This sign-in response does not belong to this sign-in. ${RETRY}`,
  oidc_pkce_failed: `The sign-in could not be completed securely. ${RETRY}`,
  oidc_issuer_mismatch: `The sign-in came from an unexpected identity provider. ${ASK_ADMIN}`,
  oidc_audience_mismatch: `The sign-in was issued for another application. ${ASK_ADMIN}`,
  oidc_token_expired: `The sign-in response has expired or is not valid yet. ${RETRY}`,
  oidc_alg_refused: `The sign-in is signed in a way Tessera refuses. ${ASK_ADMIN}`,
  oidc_signature_invalid: `The sign-in is not signed by your identity provider. ${ASK_ADMIN}`,
  oidc_stale_auth_time: `Your identity provider did not ask you to sign in again. ${RETRY}`,
  oidc_code_rejected: `Your identity provider refused to complete the sign-in. ${RETRY}`,
  oidc_tenant_refused: `Your directory (tenant) is not allowed by this connection. ${ASK_ADMIN}`,
  oidc_idp_error: `Your identity provider reported an error. ${RETRY}`,
  oidc_discovery_failed: `Tessera could not reach your identity provider. ${ASK_ADMIN}`,
};

/** An OIDC refusal with its person-facing message and log detail (never a token or secret). */
export function oidcError(
  code: OidcErrorCode,
  detail: Record<string, string | number | boolean | null> = {},
): SsoError {
  const status = code === 'oidc_discovery_failed' ? 502 : 400;
  return new SsoError(code, MESSAGES[code], status, detail);
}
