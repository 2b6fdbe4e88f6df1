import { Router, type Request } from 'express';

import { guard, principalOf } from '../../access/guards.js';
import {
  CREATE_CONNECTION_INPUT,
  UPDATE_CONNECTION_INPUT,
} from '../../sso/connections/connection-schema.js';
import { createSsoConnection } from '../../sso/connections/create-sso-connection.js';
import { deleteSsoConnection } from '../../sso/connections/delete-sso-connection.js';
import {
  disableSsoConnection,
  enableSsoConnection,
} from '../../sso/connections/enable-sso-connection.js';
import {
  buildUpdatedConfig,
  importUpdateMetadata,
  prepareNewConnection,
} from '../../sso/connections/prepare-connection.js';
import {
  listSsoConnectionViews,
  loadOrgConnection,
  readSsoConnectionView,
} from '../../sso/connections/sso-connection-view.js';
import { updateSsoConnection } from '../../sso/connections/update-sso-connection.js';
import { SsoConnectionError } from '../../sso/connections/sso-connection-errors.js';
import { beginSsoFlow } from '../../sso/flow/index.js';
import { SsoError } from '../../sso/sso-errors.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { parseBody, pathId } from '../admin-input.js';

const MANAGE = 'security_configuration.manage';
const ID = '/connections/:connectionId';

/**
 * `/api/v1/orgs/{orgId}/sso/connections`: the organization's SAML and OIDC connections. Rule 1
 * needs `security_configuration.manage`; rule 2 a fresh session for every write and for a test
 * sign-in. Secrets go in and never come out: the OIDC client secret shows as `hasClientSecret`.
 */
export function createSsoConnectionRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const read = guard(deps.clock, MANAGE);
  const write = guard(deps.clock, MANAGE, { fresh: true });
  const connectionId = (req: Request) => pathId(req, 'connectionId', 'SSO connection');
  const view = (req: Request, id: string) =>
    readSsoConnectionView(deps.db.manager, principalOf(req).orgId, id, deps.publicUrl);

  router.get('/connections', read, async (req, res) => {
    const orgId = principalOf(req).orgId;
    res.json({ data: await listSsoConnectionViews(deps.db.manager, orgId, deps.publicUrl) });
  });

  router.post('/connections', write, async (req, res) => {
    const body = parseBody(CREATE_CONNECTION_INPUT, req.body);
    const connection = await prepareNewConnection(deps, body);
    const created = await runAdminChange(deps, req, (manager, change) =>
      createSsoConnection(manager, deps.keyring, {
        ...change,
        name: body.name,
        connection,
        grantorPermissions: principalOf(req).permissions,
      }),
    );
    res.status(201).json(await view(req, created.id));
  });

  router.get(ID, read, async (req, res) => {
    res.json(await view(req, connectionId(req)));
  });

  router.patch(ID, write, async (req, res) => {
    const id = connectionId(req);
    const body = parseBody(UPDATE_CONNECTION_INPUT, req.body);
    const imported = await importUpdateMetadata(deps, body);
    await runAdminChange(deps, req, (manager, change) =>
      updateSsoConnection(manager, deps.keyring, {
        ...change,
        connectionId: id,
        name: body.name,
        clientSecret: body.oidc?.clientSecret,
        buildConfig: (current) => buildUpdatedConfig(current, body, imported, deps.outboundPolicy),
        grantorPermissions: principalOf(req).permissions,
      }),
    );
    res.json(await view(req, id));
  });

  router.delete(ID, write, async (req, res) => {
    const id = connectionId(req);
    await runAdminChange(deps, req, (manager, change) =>
      deleteSsoConnection(manager, { ...change, connectionId: id }),
    );
    res.status(204).end();
  });

  router.post(`${ID}/enable`, write, async (req, res) => {
    const id = connectionId(req);
    await runAdminChange(deps, req, (manager, change) =>
      enableSsoConnection(manager, { ...change, connectionId: id }),
    );
    res.json(await view(req, id));
  });

  router.post(`${ID}/disable`, write, async (req, res) => {
    const id = connectionId(req);
    await runAdminChange(deps, req, (manager, change) =>
      disableSsoConnection(manager, { ...change, connectionId: id }),
    );
    res.json(await view(req, id));
  });

  // A test sign-in runs the current revision at the IdP; the flow records the result
  // (`tested_revision`) when the admin's browser comes back, and creates no session.
  router.post(`${ID}/test`, write, async (req, res) => {
    const principal = principalOf(req);
    const connection = await loadOrgConnection(deps.db.manager, principal.orgId, connectionId(req));
    let redirectUrl: string;
    try {
      ({ redirectUrl } = await beginSsoFlow(deps, req, res, {
        purpose: 'test',
        connection,
        sessionId: principal.kind === 'session' ? principal.sessionId : undefined,
        actorMemberId: principal.memberId,
      }));
    } catch (e: unknown) {
      // The IdP (discovery, for OIDC) or its settings could not yield a sign-in request: that is
      // what the admin is testing, so they get the code and the facts behind it (the message
      // alone is written for members), as a 502. SsoError details never hold a secret.
      if (e instanceof SsoError) {
        throw new SsoConnectionError(502, e.code, testFailureMessage(e), true);
      }
      throw e;
    }
    res.setHeader('Cache-Control', 'no-store').json({ redirectUrl });
  });
  return router;
}

function testFailureMessage(e: SsoError): string {
  const facts = Object.entries(e.detail)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('; ');
  return `The test sign-in could not start (${e.code})${facts ? ` — ${facts}` : ''}.`;
}
