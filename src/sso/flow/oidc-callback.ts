import type { Request, Response } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { completeOidcCallback } from '../oidc/index.js';
import { SsoError } from '../sso-errors.js';
import { browserMatches, readBrowserId } from './browser-binding.js';
import { completeFlow } from './complete-flow.js';
import { refuse } from './flow-refusals.js';
import { openOidcSecrets } from './flow-secrets.js';
import { consumeFlow, findOpenOidcFlow } from './flow-store.js';
import { respondToOutcome } from './respond-outcome.js';
import { routeConnection, type FlowScope } from './sso-route.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const MAX_STATE = 512;

/**
 * `GET /sso/oidc/{connectionId}/callback`. The flow is found by a hash of `state` (RFC 6749
 * §10.12), must belong to this browser, and is consumed before the code is redeemed, so a
 * callback URL replayed — here or in another browser — never reaches the token endpoint twice.
 */
export async function handleOidcCallback(
  deps: AdminDeps,
  req: Request,
  res: Response,
  scope: FlowScope,
) {
  const connection = await routeConnection(deps, req, scope, 'oidc');
  const state = text(req.query.state);
  if (!state || state.length > MAX_STATE) throw refuse.flowUnknown({ state: 'missing' });

  const now = deps.clock.now();
  const flow = await findOpenOidcFlow(deps.db.manager, connection.id, state, now);
  if (!flow) throw refuse.flowUnknown();
  scope.purpose = flow.purpose;
  // A step-up or test flow was started by a signed-in member (its state never left their
  // browser); a sign-in flow by anyone, so its refusals stay unverified until the ID token is
  // (refusal-audit-budget.ts).
  scope.unverified = flow.purpose === 'sign_in';
  if (!browserMatches(deps.keyring, flow.browserHash, readBrowserId(req, deps.publicUrl))) {
    throw refuse.otherBrowser({ flowId: flow.id });
  }
  if (!(await consumeFlow(deps.db.manager, flow.id, now)))
    throw refuse.replayed({ flowId: flow.id });
  refuseIdpError(req);

  const secrets = openOidcSecrets(deps.keyring, flow.id, flow.secretsEncrypted);
  const identity = await completeOidcCallback(deps, connection, {
    callbackUrl: callbackUrlOf(deps.publicUrl, req),
    state,
    ...secrets,
    forceAuthn: flow.forceAuthn,
    startedAt: flow.createdAt,
  });
  scope.unverified = false;
  const outcome = await completeFlow(deps, {
    connection,
    identity,
    flow,
    context: req.context,
    at: now,
  });
  respondToOutcome(res, outcome, deps.publicUrl);
}

/** RFC 6749 §4.1.2.1: the IdP refused (the person cancelled, or a policy stopped them). */
function refuseIdpError(req: Request): void {
  const error = text(req.query.error);
  if (!error) return;
  throw new SsoError(
    'oidc_idp_error',
    'Your identity provider did not complete the sign-in. Try again; if it keeps failing, ask ' +
      'your IdP administrator whether you are assigned to this application.',
    400,
    { error: error.slice(0, 64) },
  );
}

/** The URL the IdP redirected to, on Tessera's public origin (what redirect_uri was). */
function callbackUrlOf(publicUrl: string, req: Request): URL {
  const query = req.originalUrl.includes('?')
    ? req.originalUrl.slice(req.originalUrl.indexOf('?'))
    : '';
  return new URL(`${publicUrl.replace(/\/$/, '')}${req.baseUrl}${req.path}${query}`);
}
