import type { Request, Response } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { runTransaction } from '../../db/run-transaction.js';
import {
  buildSamlLogoutResponseUrl,
  recordLogoutRequestId,
  verifySamlLogoutPost,
  type VerifiedSamlLogout,
} from '../saml/index.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { endSamlSessions } from './end-saml-sessions.js';
import { sendHtmlPage, sendRedirect } from './html-page.js';
import { routeConnection, type FlowScope } from './sso-route.js';

type LogoutRequest = Extract<VerifiedSamlLogout, { kind: 'logout_request' }>;

/**
 * `POST /sso/saml/{connectionId}/slo` (Profiles §4.4, HTTP-POST binding). A LogoutResponse
 * closes the sign-out Tessera started at `POST /auth/logout` (the local session is already
 * gone): a page says so. A LogoutRequest from the IdP ends this connection's sessions of its
 * NameID, then answers the IdP with a LogoutResponse. Refusals are pages (`ssoRoute`).
 *
 * TODO(slo-refusal-audit): a refused logout message is audited by the shared failure path as
 * `member.sso.sign_in_refused` (its code, `saml_logout_*`, tells it apart); a distinct action
 * needs `recordSsoFailure` to learn a purpose beyond sign-in, step-up and test.
 */
export async function handleSlo(deps: AdminDeps, req: Request, res: Response, scope: FlowScope) {
  const connection = await routeConnection(deps, req, scope, 'saml');
  // As at the ACS: refusals before the signature check carry codes of UNVERIFIED_CODES.
  scope.unverified = false;
  const verified = await verifySamlLogoutPost(deps, connection, req.body);
  if (verified.kind === 'logout_response') {
    sendSignedOutPage(res);
    return;
  }

  const ended = await endIdpSessions(deps, req, connection, verified);
  deps.logger.info(
    { orgId: connection.orgId, connectionId: connection.id, sessionsEnded: ended },
    'saml single logout from idp',
  );
  const answer = await buildSamlLogoutResponseUrl(deps, connection, verified, verified.relayState);
  if (answer) sendRedirect(res, 303, answer);
  else sendSignedOutPage(res);
}

/**
 * One transaction: the request id is recorded (a replay is refused and ends nothing), the
 * sessions end and each member's audit event is written, or none of it happens.
 */
async function endIdpSessions(
  deps: AdminDeps,
  req: Request,
  connection: SsoConnectionRecord,
  request: LogoutRequest,
): Promise<number> {
  const at = deps.clock.now();
  return runTransaction(deps.db, async (manager) => {
    await recordLogoutRequestId(manager, connection, request, at);
    return endSamlSessions(manager, {
      connection,
      nameId: request.nameId,
      sessionIndexes: request.sessionIndexes,
      context: req.context,
      at,
    });
  });
}

function sendSignedOutPage(res: Response): void {
  sendHtmlPage(res, 200, {
    title: 'You are signed out',
    paragraphs: ['You are signed out of Tessera. You can close this tab.'],
  });
}
