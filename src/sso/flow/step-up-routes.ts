import { Router } from 'express';

import { UnauthenticatedError } from '../../access/access-errors.js';
import type { AdminDeps } from '../../admin/admin-deps.js';
import { TesseraError } from '../../errors.js';
import { loadSsoConnection } from '../connections/load-sso-connection.js';
import { beginSsoFlow } from './begin-sso-flow.js';
import { checkReturnTo, readOrgSsoPolicy } from './org-sso-policy.js';

/** Step-up is for sessions that came through SSO; the others must sign in again their way. */
export class StepUpUnavailableError extends TesseraError {
  constructor(code: string, message: string, status = 409) {
    super(status, code, message);
  }
}

/**
 * `POST /auth/step-up` (DESIGN rule 2): re-runs the session's SSO connection with forced
 * re-authentication (SAML `ForceAuthn`, OIDC `prompt=login` + `max_age=0`) and answers the IdP
 * URL for the client to open. The session cookie and the CSRF header are checked by the /auth
 * authenticator like every cookie-authenticated write. The IdP's answer renews the session's
 * `authenticatedAt` (see `finishStepUp`). Body: `{ returnTo? }`, checked like `return_to`.
 */
export function createStepUpRoutes(deps: AdminDeps): Router {
  const router = Router();

  router.post('/step-up', async (req, res) => {
    const principal = req.principal;
    if (!principal) throw new UnauthenticatedError();
    if (principal.kind !== 'session') {
      throw new StepUpUnavailableError(
        'step_up_unavailable',
        'an API key cannot step up; sign in to get a session',
        403,
      );
    }
    if (principal.method === 'break_glass') {
      throw new StepUpUnavailableError(
        'break_glass_session',
        'this is a break-glass session: sign in again with break-glass (POST /auth/break-glass)',
      );
    }
    const connection = await sessionConnection(deps, principal.sessionId);
    const policy = await readOrgSsoPolicy(deps.db.manager, principal.orgId);
    const returnTo = checkReturnTo(policy, readReturnTo(req.body));
    const { redirectUrl } = await beginSsoFlow(deps, req, res, {
      purpose: 'step_up',
      connection,
      sessionId: principal.sessionId,
      actorMemberId: principal.memberId,
      returnTo,
      forceAuthn: true,
    });
    res.set('Cache-Control', 'no-store').json({ redirectUrl });
  });
  return router;
}

async function sessionConnection(deps: AdminDeps, sessionId: string) {
  const [row] = await deps.db.query('SELECT sso_connection_id FROM sessions WHERE id = $1', [
    sessionId,
  ]);
  const connection = row?.sso_connection_id
    ? await loadSsoConnection(deps.db.manager, row.sso_connection_id)
    : null;
  if (!connection || !connection.enabled) {
    throw new StepUpUnavailableError(
      'sso_connection_unavailable',
      'the SSO connection this session came through is gone or disabled; sign in again',
    );
  }
  return connection;
}

function readReturnTo(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const value = (body as Record<string, unknown>).returnTo;
  return typeof value === 'string' ? value : null;
}
