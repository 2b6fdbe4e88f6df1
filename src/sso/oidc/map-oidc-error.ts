import * as client from 'openid-client';

import { SsoError } from '../sso-errors.js';
import { oidcError, type OidcErrorCode } from './oidc-errors.js';

interface ProcessingFailure {
  message?: string;
  cause?: { claim?: string };
}

/**
 * Turns what openid-client threw while redeeming a code into an `SsoError` with a stable code.
 * The error's own text may quote tokens or claims, so only its code and claim name are kept.
 */
export function mapOidcError(error: unknown): SsoError {
  if (error instanceof SsoError) return error;
  if (error instanceof client.ResponseBodyError) return tokenEndpointError(error);
  if (error instanceof client.ClientError) {
    const failure = (error.cause ?? {}) as ProcessingFailure;
    const claim = failure.cause?.claim ?? null;
    const code = codeOf(error.code, claim, failure.message ?? '');
    return oidcError(code, { library: error.code ?? 'unknown', claim });
  }
  const reason = error instanceof Error ? error.name : 'unknown';
  return oidcError('oidc_code_rejected', { reason });
}

/**
 * RFC 6749 §5.2: the token endpoint refused the code. `invalid_grant` covers a replayed or
 * expired code and a PKCE verifier that does not match the challenge (RFC 7636 §4.6); the OP's
 * description tells the two apart where it says so.
 */
function tokenEndpointError(error: client.ResponseBodyError): SsoError {
  const description = error.error_description ?? '';
  const pkce = /pkce|code_verifier|code verifier/i.test(description);
  return oidcError(pkce ? 'oidc_pkce_failed' : 'oidc_code_rejected', {
    error: error.error.slice(0, 64),
    status: error.status,
  });
}

function codeOf(libraryCode: string | undefined, claim: string | null, message: string) {
  switch (libraryCode) {
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return claimCode(claim);
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      // OIDC Core §3.1.3.7 steps 9-10 (exp, iat) and step 13 (auth_time with max_age).
      return claim === 'auth_time' ? 'oidc_stale_auth_time' : 'oidc_token_expired';
    case 'OAUTH_KEY_SELECTION_FAILED':
      return 'oidc_signature_invalid';
    case 'OAUTH_INVALID_RESPONSE':
    case 'OAUTH_PARSE_ERROR':
      return messageCode(message);
    case 'OAUTH_UNSUPPORTED_OPERATION':
      // Web Crypto refused the key/alg pair: not a signature we can verify.
      return 'oidc_signature_invalid';
    default:
      return 'oidc_code_rejected';
  }
}

function claimCode(claim: string | null): OidcErrorCode {
  switch (claim) {
    case 'iss':
      return 'oidc_issuer_mismatch';
    case 'aud':
    case 'azp':
      return 'oidc_audience_mismatch';
    case 'nonce':
      return 'oidc_nonce_mismatch';
    default:
      return 'oidc_code_rejected';
  }
}

function messageCode(message: string): OidcErrorCode {
  if (message.includes('"alg"')) return 'oidc_alg_refused';
  if (message.includes('signature')) return 'oidc_signature_invalid';
  if (message.includes('"state"')) return 'oidc_state_mismatch';
  if (message.includes('"iss"')) return 'oidc_issuer_mismatch';
  if (message.includes('"nonce"')) return 'oidc_nonce_mismatch';
  if (message.includes('"aud"') || message.includes('"azp"')) return 'oidc_audience_mismatch';
  if (message.includes('"exp"') || message.includes('"iat"')) return 'oidc_token_expired';
  if (message.includes('Invalid JWT') || message.includes('JWT')) return 'oidc_signature_invalid';
  return 'oidc_code_rejected';
}
