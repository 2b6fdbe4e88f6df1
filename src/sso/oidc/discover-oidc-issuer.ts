import type { ServerMetadata } from 'openid-client';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { oidcError } from './oidc-errors.js';
import { isIssuerTemplate, TENANT_PLACEHOLDER } from './oidc-issuer-template.js';

/** How long discovered metadata is trusted before it is read again (key rotation, moves). */
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX_ISSUERS = 500;
const REQUIRED = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;

type DiscoveryDeps = Pick<AdminDeps, 'clock' | 'outboundFetch'>;
interface CacheEntry {
  metadata: ServerMetadata;
  expiresAt: number;
}

// One cache per app (keyed by its outbound fetch), so tests and instances never share entries.
const caches = new WeakMap<object, Map<string, CacheEntry>>();

/**
 * Reads `<issuer>/.well-known/openid-configuration` (OIDC Discovery §4) through the outbound
 * fetch and checks it; cached per issuer for a few minutes. Failures are not cached.
 */
export async function discoverOidcIssuer(
  deps: DiscoveryDeps,
  issuerUrl: string,
): Promise<ServerMetadata> {
  const cache = cacheOf(deps);
  const now = deps.clock.now().getTime();
  const hit = cache.get(issuerUrl);
  if (hit && hit.expiresAt > now) return hit.metadata;

  const metadata = checkMetadata(issuerUrl, await fetchMetadata(deps, issuerUrl));
  if (cache.size >= CACHE_MAX_ISSUERS) cache.delete(cache.keys().next().value!);
  cache.set(issuerUrl, { metadata, expiresAt: now + CACHE_TTL_MS });
  return metadata;
}

function cacheOf(deps: DiscoveryDeps): Map<string, CacheEntry> {
  let cache = caches.get(deps.outboundFetch);
  if (!cache) {
    cache = new Map();
    caches.set(deps.outboundFetch, cache);
  }
  return cache;
}

async function fetchMetadata(deps: DiscoveryDeps, issuerUrl: string): Promise<unknown> {
  const url = `${issuerUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await deps.outboundFetch(url, { headers: { accept: 'application/json' } });
  } catch (error: unknown) {
    throw oidcError('oidc_discovery_failed', { issuer: issuerUrl, reason: reasonOf(error) });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw oidcError('oidc_discovery_failed', { issuer: issuerUrl, status: response.status });
  }
  try {
    return await response.json();
  } catch {
    throw oidcError('oidc_discovery_failed', { issuer: issuerUrl, reason: 'not JSON' });
  }
}

/**
 * OIDC Discovery §4.3: the `issuer` in the document must be exactly the issuer asked for, or an
 * attacker who controls one document could speak for another issuer. The one exception is an
 * Entra multi-tenant endpoint, which answers with a `{tenantid}` template on the same origin;
 * tokens are then held to the connection's tenant list (see oidc-issuer-template.ts).
 */
function checkMetadata(issuerUrl: string, body: unknown): ServerMetadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw oidcError('oidc_discovery_failed', { issuer: issuerUrl, reason: 'not an object' });
  }
  const metadata = body as ServerMetadata;
  const issuer = metadata.issuer;
  const sameIssuer = issuer === issuerUrl;
  const template =
    typeof issuer === 'string' && isIssuerTemplate(issuer) && sameOrigin(issuer, issuerUrl);
  if (!sameIssuer && !template) {
    throw oidcError('oidc_discovery_failed', { issuer: issuerUrl, reason: 'issuer differs' });
  }
  for (const field of REQUIRED) {
    if (typeof metadata[field] !== 'string') {
      throw oidcError('oidc_discovery_failed', { issuer: issuerUrl, reason: `no ${field}` });
    }
  }
  return metadata;
}

function sameOrigin(template: string, issuerUrl: string): boolean {
  try {
    const concrete = new URL(template.replace(TENANT_PLACEHOLDER, 'tenant'));
    return concrete.origin === new URL(issuerUrl).origin;
  } catch {
    return false;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'request failed';
}
