import { Router } from 'express';

import { guard, principalOf } from '../../access/guards.js';
import { decodeEventCursor } from '../../events/events-cursor.js';
import { listEvents } from '../../events/list-events.js';
import type { AdminDeps } from '../admin-deps.js';
import { queryValue } from '../admin-input.js';
import { readLimit } from './webhook-body.js';

/**
 * `GET /api/v1/orgs/{orgId}/events?after=&limit=`: replay of the event stream, oldest first.
 * Guarded by `audit.read`, not `security_configuration.manage`: every event is derived from an
 * audit event of the same organization and carries no more than it, so whoever may read the
 * audit trail may read this; asking for security configuration would push integrations to hold
 * a permission that can change SSO and mint keys, only to read what audit.read already shows.
 */
export function createEventsRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/', guard(deps.clock, 'audit.read'), async (req, res) => {
    const after = queryValue(req, 'after');
    const query = {
      afterSeq: after === undefined ? '0' : decodeEventCursor(after),
      limit: readLimit(queryValue(req, 'limit')),
    };
    const page = await listEvents(deps.db.manager, principalOf(req).orgId, query);
    res.set('Cache-Control', 'no-store').json(page);
  });
  return router;
}
