import { Router } from 'express';

import { issueApiKey } from '../../access/api-keys/issue-api-key.js';
import { listApiKeys } from '../../access/api-keys/list-api-keys.js';
import { revokeApiKey } from '../../access/api-keys/revoke-api-key.js';
import { guard, principalOf } from '../../access/guards.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { readPage } from '../admin-input.js';
import { readCreateApiKey } from './api-key-body.js';

const MANAGE = 'security_configuration.manage';

/**
 * `/api/v1/orgs/{orgId}/api-keys`. Rule 1: all of it needs `security_configuration.manage`;
 * rule 2: minting and revoking also need a fresh session, which an API key never is, so a key
 * can never mint another key or revoke one.
 */
export function createApiKeyRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/', guard(deps.clock, MANAGE), async (req, res) => {
    res.json(await listApiKeys(deps.db.manager, principalOf(req).orgId, readPage(req)));
  });

  router.post('/', guard(deps.clock, MANAGE, { fresh: true }), async (req, res) => {
    const input = readCreateApiKey(req.body);
    const caller = principalOf(req);
    const issued = await runAdminChange(deps, req, (manager, change) =>
      issueApiKey(manager, deps.keyring, {
        orgId: change.orgId,
        name: input.name,
        memberId: input.memberId ?? caller.memberId,
        issuerMemberId: caller.memberId,
        issuerPermissions: caller.permissions,
        permissions: input.permissions,
        expiresInDays: input.expiresInDays,
        actor: change.actor,
        context: change.context,
        at: change.at,
      }),
    );
    // The only time the key is ever shown; nothing can read it back later.
    res
      .status(201)
      .setHeader('Cache-Control', 'no-store')
      .json({ ...issued.apiKey, key: issued.key });
  });

  router.delete('/:keyId', guard(deps.clock, MANAGE, { fresh: true }), async (req, res) => {
    await runAdminChange(deps, req, (manager, change) =>
      revokeApiKey(manager, { ...change, keyId: String(req.params.keyId) }),
    );
    res.status(204).end();
  });
  return router;
}
