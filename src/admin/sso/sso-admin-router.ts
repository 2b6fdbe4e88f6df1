import { Router } from 'express';

import type { AdminDeps } from '../admin-deps.js';
import { createSsoConnectionRouter } from './sso-connection-routes.js';
import { createSsoDomainRouter } from './sso-domain-routes.js';

/** `/api/v1/orgs/{orgId}/sso/…`: connections and email domains. */
export function createSsoAdminRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  router.use(createSsoConnectionRouter(deps));
  router.use(createSsoDomainRouter(deps));
  return router;
}
