import { randomUUID } from 'node:crypto';

import {
  createOutboundFetch,
  DEFAULT_OUTBOUND_POLICY,
  type OutboundPolicy,
} from '../../../src/ops/outbound-http.js';
import {
  buildOidcLoginUrl,
  completeOidcCallback,
  type OidcDeps,
  type OidcLoginRequest,
} from '../../../src/sso/oidc/index.js';
import type { SsoConnectionRecord } from '../../../src/sso/sso-types.js';
import { PUBLIC_URL, type TestApp } from '../test-app.js';

/** Outbound rules for tests whose peers listen on loopback over plain http. */
export const LOOPBACK_POLICY: OutboundPolicy = {
  ...DEFAULT_OUTBOUND_POLICY,
  allowHttp: true,
  allowPrivateNetworks: true,
};

/** The deps the OIDC module runs with, built the way `createApp` builds them. */
export function oidcDepsOf(t: TestApp): OidcDeps {
  return {
    clock: t.clock,
    keyring: t.keyring,
    publicUrl: PUBLIC_URL,
    outboundPolicy: LOOPBACK_POLICY,
    outboundFetch: createOutboundFetch(LOOPBACK_POLICY),
  };
}

export interface RpLogin extends OidcLoginRequest {
  startedAt: Date;
  forceAuthn: boolean;
}

/** Starts a login the way the flow does; what the flow would store is returned with the URL. */
export async function startRpLogin(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  options: { forceAuthn?: boolean; requestMfa?: boolean } = {},
): Promise<RpLogin> {
  const forceAuthn = options.forceAuthn ?? false;
  const request = await buildOidcLoginUrl(deps, {
    connection,
    flowId: randomUUID(),
    forceAuthn,
    requestMfa: options.requestMfa ?? false,
    loginHint: null,
  });
  return { ...request, startedAt: deps.clock.now(), forceAuthn };
}

/** Completes a login with what the flow stored (any of it may be swapped by a test). */
export function finishRpLogin(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  login: RpLogin,
  callbackUrl: URL,
) {
  return completeOidcCallback(deps, connection, {
    callbackUrl,
    state: login.state,
    nonce: login.nonce,
    codeVerifier: login.codeVerifier,
    forceAuthn: login.forceAuthn,
    startedAt: login.startedAt,
  });
}
