import * as client from 'openid-client';

import type { SsoConnectionRecord, OidcConnectionConfig } from '../sso-types.js';
import { buildOidcConfiguration, type OidcDeps } from './oidc-client-configuration.js';
import { oidcError } from './oidc-errors.js';
import { isIssuerTemplate, tenantIssuer } from './oidc-issuer-template.js';
import { mapOidcError } from './map-oidc-error.js';

export interface CodeExchange {
  callbackUrl: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/**
 * Redeems the code (OIDC Core §3.1.3) with PKCE and validates the ID token: signature with the
 * OP's JWKS, `iss`, `aud`/`azp`, `exp`/`iat`, `nonce` (§3.1.3.7), the algorithm list.
 */
export async function exchangeOidcCode(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  metadata: client.ServerMetadata,
  exchange: CodeExchange,
): Promise<Tokens> {
  const config = connection.config as OidcConnectionConfig;
  if (isIssuerTemplate(metadata.issuer)) {
    return exchangeUnderTemplate(deps, connection, metadata, config, exchange);
  }
  const configuration = buildOidcConfiguration(deps, connection, metadata);
  return grant(configuration, exchange);
}

async function grant(configuration: client.Configuration, exchange: CodeExchange) {
  try {
    return await client.authorizationCodeGrant(configuration, exchange.callbackUrl, {
      pkceCodeVerifier: exchange.codeVerifier,
      expectedState: exchange.state,
      expectedNonce: exchange.nonce,
      idTokenExpected: true,
    });
  } catch (error: unknown) {
    throw mapOidcError(error);
  }
}

/**
 * Entra multi-tenant: which tenant's issuer applies is only known from the token. The code is
 * redeemed once against the template, the token response is kept, the unverified `tid` picks
 * the tenant (refused unless listed), and the same response is then validated in full against
 * that tenant's concrete issuer. Nothing from the first pass is trusted.
 */
async function exchangeUnderTemplate(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  metadata: client.ServerMetadata,
  config: OidcConnectionConfig,
  exchange: CodeExchange,
): Promise<Tokens> {
  let recorded: { url: string; body: string; status: number; type: string } | null = null;
  const recordingFetch: client.CustomFetch = async (url, init) => {
    const response = await deps.outboundFetch(url, init as RequestInit);
    if (url !== metadata.token_endpoint) return response;
    const body = await response.text();
    recorded = {
      url,
      body,
      status: response.status,
      type: response.headers.get('content-type') ?? '',
    };
    return new Response(body, { status: response.status, headers: response.headers });
  };
  // The iss check is already done (check-authorization-response.ts); the template cannot match.
  const template = { ...metadata, authorization_response_iss_parameter_supported: false };
  const withoutIss = new URL(exchange.callbackUrl);
  withoutIss.searchParams.delete('iss');
  const first = { ...exchange, callbackUrl: withoutIss };
  try {
    await grant(
      buildOidcConfiguration(deps, connection, template, { fetch: recordingFetch }),
      first,
    );
    // An ID token whose `iss` is the literal template is no tenant's token.
    throw oidcError('oidc_issuer_mismatch', { reason: 'issuer is the template' });
  } catch (error: unknown) {
    if (!recorded || !isIssuerFailure(error)) throw error;
  }

  const kept = recorded as { url: string; body: string; status: number; type: string };
  const claims = decodeClaims(kept.body);
  const issuer = tenantIssuer(metadata.issuer, claims.tid, config.allowedTenantIds);
  const replay: client.CustomFetch = async (url, init) =>
    url === kept.url
      ? new Response(kept.body, { status: kept.status, headers: { 'content-type': kept.type } })
      : deps.outboundFetch(url, init as RequestInit);
  const concrete = buildOidcConfiguration(deps, connection, template, { issuer, fetch: replay });
  return grant(concrete, first);
}

function isIssuerFailure(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'oidc_issuer_mismatch';
}

/** The ID token's claims, unverified: used only to choose which issuer to verify against. */
function decodeClaims(body: string): Record<string, unknown> {
  try {
    const idToken = (JSON.parse(body) as { id_token?: unknown }).id_token;
    const payload = typeof idToken === 'string' ? idToken.split('.')[1] : undefined;
    return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  } catch {
    throw oidcError('oidc_tenant_refused', { reason: 'unreadable ID token' });
  }
}
