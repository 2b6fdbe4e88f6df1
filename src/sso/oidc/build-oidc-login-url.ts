import * as client from 'openid-client';

import { oidcCallbackUrl } from '../connections/sso-urls.js';
import type { LoginRequestOptions, OidcConnectionConfig } from '../sso-types.js';
import { discoverOidcIssuer } from './discover-oidc-issuer.js';
import { buildOidcConfiguration, type OidcDeps } from './oidc-client-configuration.js';

export interface OidcLoginRequest {
  redirectUrl: string;
  /** The flow stores a hash of it and matches the callback's `state` (RFC 6749 §10.12). */
  state: string;
  /** Bound into the ID token (OIDC Core §3.1.2.1); the flow stores it encrypted. */
  nonce: string;
  /** PKCE secret (RFC 7636 §4.1); the flow stores it encrypted. */
  codeVerifier: string;
}

/**
 * The authorization request of the code flow (OIDC Core §3.1.2.1) for one connection: PKCE
 * S256, fresh state and nonce, `prompt=login` + `max_age=0` for a step-up, and `acr_values`
 * when the organization requires MFA and the connection names values to ask for.
 */
export async function buildOidcLoginUrl(
  deps: OidcDeps,
  options: LoginRequestOptions,
): Promise<OidcLoginRequest> {
  const { connection } = options;
  const config = connection.config as OidcConnectionConfig;
  const metadata = await discoverOidcIssuer(deps, config.issuer);
  const configuration = buildOidcConfiguration(deps, connection, metadata);

  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const parameters: Record<string, string> = {
    redirect_uri: oidcCallbackUrl(deps.publicUrl, connection.id),
    response_type: 'code',
    scope: scopesOf(config),
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  };
  if (options.forceAuthn) {
    // OIDC Core §3.1.2.1: prompt=login forces a fresh login, max_age=0 makes the OP report
    // auth_time, which completeOidcCallback then holds to the flow's start.
    parameters.prompt = 'login';
    parameters.max_age = '0';
  }
  if (options.requestMfa && config.requestAcrValues.length > 0) {
    parameters.acr_values = config.requestAcrValues.join(' ');
  }
  if (options.loginHint) parameters.login_hint = options.loginHint;

  const url = client.buildAuthorizationUrl(configuration, parameters);
  return { redirectUrl: url.href, state, nonce, codeVerifier };
}

/** `openid` is what makes this an OIDC request (OIDC Core §3.1.2.1), so it is always sent. */
function scopesOf(config: OidcConnectionConfig): string {
  const scopes = new Set(['openid', ...config.scopes]);
  return [...scopes].join(' ');
}
