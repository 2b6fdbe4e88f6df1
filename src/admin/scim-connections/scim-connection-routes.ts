import { Router } from 'express';
import { z } from 'zod';

import { guard, principalOf } from '../../access/guards.js';
import { createScimConnection } from '../../scim/connections/create-scim-connection.js';
import { deleteScimConnection } from '../../scim/connections/delete-scim-connection.js';
import { listScimConnections } from '../../scim/connections/list-scim-connections.js';
import { rotateScimToken } from '../../scim/connections/rotate-scim-token.js';
import { MAX_ROTATION_OVERLAP_MS } from '../../scim/connections/scim-token-format.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { parseBody } from '../admin-input.js';

const MANAGE = 'security_configuration.manage';
const MINUTE_MS = 60_000;

const CREATE_CONNECTION = z.strictObject({ name: z.string().trim().min(1).max(200) });
const ROTATE_TOKEN = z.strictObject({
  overlapMinutes: z
    .int()
    .min(0)
    .max(MAX_ROTATION_OVERLAP_MS / MINUTE_MS)
    .optional(),
});

/**
 * `/api/v1/orgs/{orgId}/scim-connections`: the organization's directories. Rule 1 needs
 * `security_configuration.manage`; rule 2 a fresh session for every write. Tokens are in the
 * response of the request that made them and nowhere else (rule 8).
 */
export function createScimConnectionRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const baseUrl = `${deps.publicUrl.replace(/\/+$/, '')}/scim/v2`;

  router.get('/', guard(deps.clock, MANAGE), async (req, res) => {
    const orgId = principalOf(req).orgId;
    res.json({ data: await listScimConnections(deps.db.manager, orgId, deps.clock.now()) });
  });

  router.post('/', guard(deps.clock, MANAGE, { fresh: true }), async (req, res) => {
    const { name } = parseBody(CREATE_CONNECTION, req.body);
    const created = await runAdminChange(deps, req, (manager, change) =>
      createScimConnection(manager, deps.keyring, { ...change, name }),
    );
    res
      .status(201)
      .setHeader('Cache-Control', 'no-store')
      .json({ ...created, baseUrl });
  });

  router.post(
    '/:connectionId/rotate',
    guard(deps.clock, MANAGE, { fresh: true }),
    async (req, res) => {
      const { overlapMinutes } = parseBody(ROTATE_TOKEN, req.body);
      const rotated = await runAdminChange(deps, req, (manager, change) =>
        rotateScimToken(manager, deps.keyring, {
          ...change,
          connectionId: String(req.params.connectionId),
          overlapMs: overlapMinutes === undefined ? undefined : overlapMinutes * MINUTE_MS,
        }),
      );
      res
        .status(200)
        .setHeader('Cache-Control', 'no-store')
        .json({ ...rotated, baseUrl });
    },
  );

  router.delete('/:connectionId', guard(deps.clock, MANAGE, { fresh: true }), async (req, res) => {
    await runAdminChange(deps, req, (manager, change) =>
      deleteScimConnection(manager, { ...change, connectionId: String(req.params.connectionId) }),
    );
    res.status(204).end();
  });
  return router;
}
