import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { buildOidcLoginUrl } from '../oidc/index.js';
import { buildSamlLoginUrl } from '../saml/index.js';
import type { LoginRequestOptions, SsoConnectionRecord, SsoPurpose } from '../sso-types.js';
import { ensureBrowserId, hashBrowserId } from './browser-binding.js';
import { sealOidcSecrets } from './flow-secrets.js';
import { deleteExpiredFlows, hashOidcState, insertFlow } from './flow-store.js';
import { readOrgSsoPolicy } from './org-sso-policy.js';

export interface BeginSsoFlowInput {
  purpose: SsoPurpose;
  connection: SsoConnectionRecord;
  sessionId?: string;
  actorMemberId?: string;
  /** Already checked against the organization's allowed origins (`checkReturnTo`). */
  returnTo?: string | null;
  forceAuthn?: boolean;
  loginHint?: string | null;
}

/**
 * Starts a sign-in, step-up or test at the connection's IdP: binds the flow to this browser
 * (cookie on `res`), asks the protocol module for the IdP URL, and stores what the response must
 * match — SAML request id, or a hash of the OIDC state with the nonce and PKCE verifier
 * encrypted — in `sso_flows`, so any instance can finish it.
 */
export async function beginSsoFlow(
  deps: AdminDeps,
  req: Request,
  res: Response,
  input: BeginSsoFlowInput,
): Promise<{ flowId: string; redirectUrl: string }> {
  const { connection } = input;
  const now = deps.clock.now();
  const policy = await readOrgSsoPolicy(deps.db.manager, connection.orgId);
  const flowId = randomUUID();
  const options: LoginRequestOptions = {
    connection,
    flowId,
    forceAuthn: input.forceAuthn === true,
    requestMfa: policy.mfaRequired,
    loginHint: input.loginHint ?? null,
  };
  const request = await buildProtocolRequest(deps, flowId, options);

  const browserId = ensureBrowserId(req, res, deps.publicUrl);
  await deleteExpiredFlows(deps.db.manager, now);
  await insertFlow(deps.db.manager, {
    id: flowId,
    orgId: connection.orgId,
    connectionId: connection.id,
    connectionRevision: connection.revision,
    purpose: input.purpose,
    browserHash: hashBrowserId(deps.keyring, browserId),
    sessionId: input.sessionId ?? null,
    actorMemberId: input.actorMemberId ?? null,
    returnTo: input.returnTo ?? null,
    forceAuthn: options.forceAuthn,
    at: now,
    ...request.stored,
  });
  return { flowId, redirectUrl: request.redirectUrl };
}

async function buildProtocolRequest(deps: AdminDeps, flowId: string, options: LoginRequestOptions) {
  if (options.connection.protocol === 'saml') {
    const { redirectUrl, requestId } = await buildSamlLoginUrl(deps, options);
    const stored = { samlRequestId: requestId, oidcStateHash: null, secretsEncrypted: null };
    return { redirectUrl, stored };
  }
  const built = await buildOidcLoginUrl(deps, options);
  const secrets = { nonce: built.nonce, codeVerifier: built.codeVerifier };
  const stored = {
    samlRequestId: null,
    oidcStateHash: hashOidcState(built.state),
    secretsEncrypted: sealOidcSecrets(deps.keyring, flowId, secrets),
  };
  return { redirectUrl: built.redirectUrl, stored };
}
