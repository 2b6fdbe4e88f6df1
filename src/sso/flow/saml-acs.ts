import type { Request, Response } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { runTransaction } from '../../db/run-transaction.js';
import { buildSpMetadata, verifySamlPost } from '../saml/index.js';
import type { SamlConnectionConfig, VerifiedIdentity } from '../sso-types.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { browserMatches, readBrowserId } from './browser-binding.js';
import { completeFlow } from './complete-flow.js';
import { refuse } from './flow-refusals.js';
import { consumeFlow, findOpenSamlFlow, type FlowRecord } from './flow-store.js';
import { respondToOutcome } from './respond-outcome.js';
import { routeConnection, type FlowScope } from './sso-route.js';

/**
 * `POST /sso/saml/{connectionId}/acs` (SAML Bindings §3.5 HTTP-POST). The saml module verifies
 * the response and records its assertion id; in the same transaction the response is matched
 * to the flow this browser started and the flow is consumed, so a verified response counts
 * once, on one connection, in one browser. Then the flow finishes by its purpose.
 */
export async function handleAcs(deps: AdminDeps, req: Request, res: Response, scope: FlowScope) {
  const connection = await routeConnection(deps, req, scope, 'saml');
  // Every refusal made before the IdP's signature is checked has a code of its own in
  // UNVERIFIED_CODES (refusal-audit-budget.ts); the codes after it are about a signed assertion.
  scope.unverified = false;
  const browserId = readBrowserId(req, deps.publicUrl);
  const { identity, flow } = await runTransaction(deps.db, async (manager) => {
    const verified = await verifySamlPost(deps, manager, connection, req.body);
    const matched = await matchSamlFlow(deps, manager, connection, verified, browserId);
    return { identity: verified.identity, flow: matched };
  });
  scope.purpose = flow?.purpose ?? 'sign_in';

  const outcome = await completeFlow(deps, {
    connection,
    identity,
    flow,
    context: req.context,
    at: deps.clock.now(),
  });
  respondToOutcome(res, outcome, deps.publicUrl);
}

/**
 * SAML Profiles §4.1.4.3: `InResponseTo` must name a request this SP sent — here, one this
 * connection sent from this browser and nobody answered yet. No `InResponseTo` is an
 * IdP-initiated response (§4.1.5), accepted only when the connection allows it; it has no flow.
 */
async function matchSamlFlow(
  deps: AdminDeps,
  manager: Parameters<typeof findOpenSamlFlow>[0],
  connection: SsoConnectionRecord,
  verified: { identity: VerifiedIdentity; inResponseTo: string | null },
  browserId: string | undefined,
): Promise<FlowRecord | null> {
  const now = deps.clock.now();
  if (verified.inResponseTo === null) {
    if (!(connection.config as SamlConnectionConfig).allowIdpInitiated) throw refuse.idpInitiated();
    return null;
  }
  const flow = await findOpenSamlFlow(manager, connection.id, verified.inResponseTo, now);
  if (!flow) throw refuse.flowUnknown({ inResponseTo: verified.inResponseTo.slice(0, 128) });
  if (!browserMatches(deps.keyring, flow.browserHash, browserId)) {
    throw refuse.otherBrowser({ flowId: flow.id });
  }
  if (!(await consumeFlow(manager, flow.id, now))) throw refuse.replayed({ flowId: flow.id });
  return flow;
}

/** `GET /sso/saml/{connectionId}/metadata`: the SP metadata an IdP admin imports. */
export async function handleMetadata(
  deps: AdminDeps,
  req: Request,
  res: Response,
  scope: FlowScope,
) {
  const connection = await routeConnection(deps, req, scope, 'saml');
  res
    .status(200)
    .set('Content-Type', 'application/samlmetadata+xml; charset=utf-8')
    .send(buildSpMetadata(deps, connection));
}
