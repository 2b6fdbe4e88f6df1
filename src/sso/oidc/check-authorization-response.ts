import type { ServerMetadata } from 'openid-client';

import type { OidcConnectionConfig } from '../sso-types.js';
import { oidcError } from './oidc-errors.js';
import { isIssuerTemplate, tenantIssuer } from './oidc-issuer-template.js';

/**
 * Checks the parameters the OP sent the browser back with, before any code is redeemed:
 * issuer, then state, then an error answer. Returns the parameters to hand openid-client.
 */
export function checkAuthorizationResponse(
  metadata: ServerMetadata,
  config: OidcConnectionConfig,
  received: URLSearchParams,
  expectedState: string,
): URLSearchParams {
  checkIssuerParameter(metadata, config, received.get('iss'));

  // RFC 6749 §10.12 / OIDC Core §3.1.2.7: state binds the response to the browser's own
  // request, which is what stops login CSRF and a response injected from another session.
  const state = received.get('state');
  if (!expectedState || state === null || state !== expectedState) {
    throw oidcError('oidc_state_mismatch', { stateSent: state !== null });
  }

  // RFC 6749 §4.1.2.1: the OP refused; say so, with its error code (never its free text).
  const error = received.get('error');
  if (error !== null) {
    throw oidcError('oidc_idp_error', { error: error.slice(0, 64) });
  }
  if (!received.get('code')) throw oidcError('oidc_code_rejected', { reason: 'no code' });
  return received;
}

/**
 * RFC 9207 §2.4: when the OP advertises `authorization_response_iss_parameter_supported`, a
 * response without `iss` is refused, and any `iss` that is present must be the OP's issuer.
 * This is what stops a mix-up attack, where a response from one OP is replayed to an RP as if
 * it came from another the same browser also uses.
 */
function checkIssuerParameter(
  metadata: ServerMetadata,
  config: OidcConnectionConfig,
  iss: string | null,
): void {
  if (iss === null) {
    if (metadata.authorization_response_iss_parameter_supported === true) {
      throw oidcError('oidc_issuer_mismatch', { reason: 'iss response parameter missing' });
    }
    return;
  }
  if (isIssuerTemplate(metadata.issuer)) {
    const tid = URL.canParse(iss) ? new URL(iss).pathname.split('/')[1] : undefined;
    if (tenantIssuer(metadata.issuer, tid, config.allowedTenantIds) !== iss) {
      throw oidcError('oidc_issuer_mismatch', { reason: 'iss response parameter differs' });
    }
    return;
  }
  if (iss !== metadata.issuer) {
    throw oidcError('oidc_issuer_mismatch', { reason: 'iss response parameter differs' });
  }
}
