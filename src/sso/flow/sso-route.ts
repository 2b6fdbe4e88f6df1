import type { Request, RequestHandler, Response } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SsoConnectionRecord, SsoProtocol, SsoPurpose } from '../sso-types.js';
import { connectionFromUrl } from './discover-connection.js';
import { sendHtmlPage } from './html-page.js';
import { recordSsoFailure, type SsoFailure } from './record-sso-failure.js';

/** What a handler learned so far, so a failure is counted and audited against it. */
export interface FlowScope {
  connection: SsoConnectionRecord | null;
  purpose: SsoPurpose;
  /**
   * True until the IdP's signature over the message is verified, or the flow proves to be one a
   * signed-in member started (step-up, test). Anyone may start a sign-in flow, so until then a
   * refusal is one an anonymous sender can repeat: audited within the budget only
   * (refusal-audit-budget.ts).
   */
  unverified: boolean;
}

type FlowHandler = (req: Request, res: Response, scope: FlowScope) => Promise<void>;

/**
 * STYLE 7: login flows render a page a person can act on. Every `/sso` handler runs inside
 * this: a refusal or fault is counted, logged and audited, then shown as a page with the
 * request id as the reference a support desk can search the log for.
 */
export function ssoRoute(deps: AdminDeps, handle: FlowHandler): RequestHandler {
  return async (req, res) => {
    const scope: FlowScope = { connection: null, purpose: 'sign_in', unverified: true };
    try {
      await handle(req, res, scope);
    } catch (e: unknown) {
      const failure = await recordSsoFailure(deps, e, { ...scope, context: req.context });
      sendFailurePage(res, failure, req.context.requestId);
    }
  };
}

export function sendFailurePage(res: Response, failure: SsoFailure, requestId: string): void {
  sendHtmlPage(res, failure.status, {
    title: failure.status >= 500 ? 'Sign-in is unavailable' : 'Sign-in did not work',
    paragraphs: [failure.message],
    footer: `Reference: ${requestId} (${failure.code})`,
  });
}

/**
 * The connection a public URL names (`:connectionId`), of the protocol that URL serves, noted on
 * the scope so a later refusal is counted and audited against it.
 */
export async function routeConnection(
  deps: AdminDeps,
  req: Request,
  scope: FlowScope,
  protocol: SsoProtocol,
): Promise<SsoConnectionRecord> {
  const id = String(req.params.connectionId);
  const connection = await connectionFromUrl(deps.db.manager, id, protocol);
  scope.connection = connection;
  return connection;
}
