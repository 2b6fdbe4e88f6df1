import { Router } from 'express';

import { guard, principalOf } from '../../access/guards.js';
import { decodeEventCursor } from '../../events/events-cursor.js';
import { listWebhookDeliveries } from '../../events/list-webhook-deliveries.js';
import { findWebhookEndpoint, listWebhookEndpoints } from '../../events/webhook-endpoint-row.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../events/write-webhook-endpoint.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { pathId, queryChoice, queryValue, readPage } from '../admin-input.js';
import { readCreateWebhook, readLimit, readUpdateWebhook } from './webhook-body.js';

const MANAGE = 'security_configuration.manage';
const STATUSES = ['pending', 'delivered', 'failed'] as const;

/**
 * `/api/v1/orgs/{orgId}/webhooks`: where the organization's events are sent. An endpoint
 * receives member data, so it is security configuration (rule 1), and every change needs a
 * fresh session (rule 2). The signing secret is in the creating (or rotating) response only.
 */
export function createWebhookRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const read = guard(deps.clock, MANAGE);
  const write = guard(deps.clock, MANAGE, { fresh: true });
  const endpointId = (req: Parameters<typeof pathId>[0]) =>
    pathId(req, 'endpointId', 'webhook endpoint');

  router.get('/', read, async (req, res) => {
    const page = readPage(req);
    res.json(await listWebhookEndpoints(deps.db.manager, principalOf(req).orgId, page));
  });

  router.post('/', write, async (req, res) => {
    const fields = readCreateWebhook(req.body, deps.outboundPolicy);
    const created = await runAdminChange(deps, req, (manager, change) =>
      createWebhookEndpoint(manager, deps.keyring, fields, change),
    );
    res.status(201).setHeader('Cache-Control', 'no-store').json(created);
  });

  router.get('/:endpointId', read, async (req, res) => {
    const orgId = principalOf(req).orgId;
    res.json(await findWebhookEndpoint(deps.db.manager, orgId, endpointId(req)));
  });

  router.patch('/:endpointId', write, async (req, res) => {
    const id = endpointId(req);
    const patch = readUpdateWebhook(req.body, deps.outboundPolicy);
    const updated = await runAdminChange(deps, req, (manager, change) =>
      updateWebhookEndpoint(manager, id, patch, change),
    );
    res.json(updated);
  });

  router.delete('/:endpointId', write, async (req, res) => {
    const id = endpointId(req);
    await runAdminChange(deps, req, (manager, change) =>
      deleteWebhookEndpoint(manager, id, change),
    );
    res.status(204).end();
  });

  router.post('/:endpointId/rotate-secret', write, async (req, res) => {
    const id = endpointId(req);
    const rotated = await runAdminChange(deps, req, (manager, change) =>
      rotateWebhookSecret(manager, deps.keyring, id, change),
    );
    res.setHeader('Cache-Control', 'no-store').json(rotated);
  });

  router.get('/:endpointId/deliveries', read, async (req, res) => {
    const cursor = queryValue(req, 'cursor');
    const query = {
      limit: readLimit(queryValue(req, 'limit')),
      beforeSeq: cursor === undefined ? undefined : decodeEventCursor(cursor, 'cursor'),
      status: queryChoice(req, 'status', STATUSES),
    };
    const orgId = principalOf(req).orgId;
    res.json(await listWebhookDeliveries(deps.db.manager, orgId, endpointId(req), query));
  });
  return router;
}
