import { Router, type Request } from 'express';
import { z } from 'zod';

import { guard, principalOf } from '../../access/guards.js';
import { isUniqueViolation } from '../../db/postgres-errors.js';
import { addSsoDomain } from '../../sso/connections/domains/add-sso-domain.js';
import { removeSsoDomain } from '../../sso/connections/domains/remove-sso-domain.js';
import { findSsoDomain, listSsoDomains } from '../../sso/connections/domains/sso-domain-view.js';
import {
  domainClaimedError,
  findVerificationRecord,
  markSsoDomainVerified,
} from '../../sso/connections/domains/verify-sso-domain.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { parseBody, pathId } from '../admin-input.js';

const MANAGE = 'security_configuration.manage';
const ADD_DOMAIN = z.strictObject({
  domain: z.string().min(1).max(253),
  connectionId: z.uuid().nullable().optional(),
});

/**
 * `/api/v1/orgs/{orgId}/sso/domains`: email domains that route `/sso/start?email=` to this
 * organization once proven by a DNS TXT record. Same guards as the connections.
 */
export function createSsoDomainRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const write = guard(deps.clock, MANAGE, { fresh: true });
  const domainId = (req: Request) => pathId(req, 'domainId', 'domain');

  router.get('/domains', guard(deps.clock, MANAGE), async (req, res) => {
    res.json({ data: await listSsoDomains(deps.db.manager, principalOf(req).orgId) });
  });

  router.post('/domains', write, async (req, res) => {
    const body = parseBody(ADD_DOMAIN, req.body);
    const added = await runAdminChange(deps, req, (manager, change) =>
      addSsoDomain(manager, {
        ...change,
        domain: body.domain,
        connectionId: body.connectionId ?? null,
      }),
    );
    res.status(201).json(added);
  });

  router.post('/domains/:domainId/verify', write, async (req, res) => {
    const id = domainId(req);
    const row = await findSsoDomain(deps.db.manager, principalOf(req).orgId, id);
    if (row.verified_at === null) await findVerificationRecord(deps.resolveTxt, row);
    try {
      const verified = await runAdminChange(deps, req, (manager, change) =>
        markSsoDomainVerified(manager, { ...change, domainId: id }),
      );
      res.json(verified);
    } catch (e: unknown) {
      // Two organizations verifying one domain at once: the unique index lets one win.
      if (isUniqueViolation(e)) throw domainClaimedError(row.domain);
      throw e;
    }
  });

  router.delete('/domains/:domainId', write, async (req, res) => {
    const id = domainId(req);
    await runAdminChange(deps, req, (manager, change) =>
      removeSsoDomain(manager, { ...change, domainId: id }),
    );
    res.status(204).end();
  });
  return router;
}
