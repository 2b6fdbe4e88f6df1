import type { Request } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { beginSsoFlow } from './begin-sso-flow.js';
import { sendRedirect } from './html-page.js';
import {
  connectionFromUrl,
  discoverConnection,
  unknownOrganization,
} from './discover-connection.js';
import { checkReturnTo, readOrgSsoPolicy } from './org-sso-policy.js';
import type { FlowScope } from './sso-route.js';
import type { Response } from 'express';
import type { SsoConnectionRecord } from '../sso-types.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** `GET /sso/start?org=SLUG | ?email=ADDRESS [&return_to=URL]`: home-realm discovery. */
export async function handleStart(deps: AdminDeps, req: Request, res: Response, scope: FlowScope) {
  const org = text(req.query.org);
  const email = text(req.query.email);
  const connection = await discoverConnection(deps.db.manager, email ? { email } : { org });
  scope.connection = connection;
  await redirectToIdp(deps, req, res, connection, email ?? null);
}

/** `GET /sso/{connectionId}/login [?return_to=URL]`: the link an IdP tile or a portal uses. */
export async function handleLogin(deps: AdminDeps, req: Request, res: Response, scope: FlowScope) {
  const connection = await connectionFromUrl(deps.db.manager, String(req.params.connectionId));
  // A disabled connection reads like an unknown one: nobody may sign in through it yet.
  if (!connection.enabled) throw unknownOrganization();
  scope.connection = connection;
  await redirectToIdp(deps, req, res, connection, null);
}

async function redirectToIdp(
  deps: AdminDeps,
  req: Request,
  res: Response,
  connection: SsoConnectionRecord,
  loginHint: string | null,
): Promise<void> {
  const policy = await readOrgSsoPolicy(deps.db.manager, connection.orgId);
  const returnTo = checkReturnTo(policy, text(req.query.return_to));
  const { redirectUrl } = await beginSsoFlow(deps, req, res, {
    purpose: 'sign_in',
    connection,
    returnTo,
    loginHint,
  });
  sendRedirect(res, 302, redirectUrl);
}
