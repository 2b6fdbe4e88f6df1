import * as client from 'openid-client';

import { oidcCallbackUrl } from '../connections/sso-urls.js';
import type { OidcConnectionConfig, SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';
import { checkAuthorizationResponse } from './check-authorization-response.js';
import { checkStepUpAuthTime } from './check-auth-time.js';
import { discoverOidcIssuer } from './discover-oidc-issuer.js';
import { exchangeOidcCode } from './exchange-oidc-code.js';
import type { OidcDeps } from './oidc-client-configuration.js';
import { buildOidcConfiguration } from './oidc-client-configuration.js';
import { oidcError } from './oidc-errors.js';
import { identityFromClaims } from './oidc-identity.js';

export interface OidcCallbackInput {
  /** The URL the browser came back to; only its query is read. */
  callbackUrl: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
  forceAuthn: boolean;
  startedAt: Date;
}

/**
 * Finishes a code flow: checks the authorization response (iss, state, error), redeems the code
 * with PKCE, validates the ID token, holds a step-up to a fresh `auth_time`, and returns the
 * identity. The flow has already matched `state` to its stored hash; it is checked again here.
 */
export async function completeOidcCallback(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  input: OidcCallbackInput,
): Promise<VerifiedIdentity> {
  const config = connection.config as OidcConnectionConfig;
  const metadata = await discoverOidcIssuer(deps, config.issuer);
  const received = checkAuthorizationResponse(
    metadata,
    config,
    input.callbackUrl.searchParams,
    input.state,
  );
  // An empty nonce or verifier would switch the library's check off; refuse instead.
  if (!input.nonce) throw oidcError('oidc_nonce_mismatch', { reason: 'no nonce in the flow' });
  if (!input.codeVerifier) throw oidcError('oidc_pkce_failed', { reason: 'no verifier' });

  // The redirect_uri sent with the code must be the registered one (RFC 6749 §4.1.3), whatever
  // host or path the request reached Tessera on.
  const callbackUrl = new URL(oidcCallbackUrl(deps.publicUrl, connection.id));
  callbackUrl.search = received.toString();
  const tokens = await exchangeOidcCode(deps, connection, metadata, { ...input, callbackUrl });
  const claims = tokens.claims();
  if (!claims) throw oidcError('oidc_code_rejected', { reason: 'no ID token' });
  if (input.forceAuthn) checkStepUpAuthTime(claims.auth_time, input.startedAt, deps.clock.now());

  const userinfo = claims.email ? null : await fetchUserinfo(deps, connection, metadata, tokens);
  return identityFromClaims(config, claims, userinfo);
}

/**
 * Some OPs keep profile claims out of the ID token; userinfo is then asked for them. Its `sub`
 * must equal the ID token's (OIDC Core §5.3.4) or the answer is ignored by openid-client's
 * check. Optional: an OP without a userinfo endpoint, or a failing one, just gives no email.
 */
async function fetchUserinfo(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  metadata: client.ServerMetadata,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<Record<string, unknown> | null> {
  if (!metadata.userinfo_endpoint) return null;
  const claims = tokens.claims()!;
  const issuer = typeof claims.iss === 'string' ? claims.iss : metadata.issuer;
  try {
    const configuration = buildOidcConfiguration(deps, connection, metadata, { issuer });
    return await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  } catch {
    return null;
  }
}
