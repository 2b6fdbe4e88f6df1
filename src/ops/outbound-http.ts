/**
 * Requests Tessera makes to addresses an admin typed: SAML metadata URLs, OIDC discovery, JWKS
 * and token endpoints, webhooks. An admin-supplied URL must not become a way to reach the
 * operator's private network (SSRF), so every such request goes through one fetch with one
 * policy.
 */
export interface OutboundPolicy {
  /** Private, loopback and link-local addresses; off unless the operator allows them. */
  allowPrivateNetworks: boolean;
  /** Plain http; only tests that run peers on loopback set it. */
  allowHttp: boolean;
  /** Largest response body read, in bytes. */
  maxResponseBytes: number;
  timeoutMs: number;
}

/** The Fetch API shape, so openid-client can take it as its `customFetch`. */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = {
  allowPrivateNetworks: false,
  allowHttp: false,
  maxResponseBytes: 1_000_000,
  timeoutMs: 10_000,
};

// TODO(outbound-http): the SSO connections work replaces this with a fetch that resolves the
// host, refuses private addresses, pins the connection to the checked address, refuses
// redirects and cuts bodies at the size limit.
export function createOutboundFetch(policy: OutboundPolicy): OutboundFetch {
  return async (url, init) => {
    const target = new URL(url);
    if (target.protocol !== 'https:' && !(policy.allowHttp && target.protocol === 'http:')) {
      throw new TypeError(`outbound request refused: ${target.protocol} is not allowed`);
    }
    return fetch(target, { ...init, redirect: 'manual' });
  };
}
