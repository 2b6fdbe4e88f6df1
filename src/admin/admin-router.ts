import express, { Router } from 'express';

import { createAuthenticate } from '../access/authenticate.js';
import { UnauthenticatedError } from '../access/access-errors.js';
import type { AdminDeps } from './admin-deps.js';
import { createAdminErrorHandler } from './admin-error-handler.js';
import { ADMIN_ROUTERS } from './admin-routes.js';

const MAX_ADMIN_BODY = '256kb';

/**
 * The admin API at `/api/v1/orgs/{orgId}/…`: JSON in and out. Every request is authenticated
 * first; each resource router then applies its guards (permission, fresh session) per route.
 */
export function createAdminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use(express.json({ limit: MAX_ADMIN_BODY }));
  router.use(createAuthenticate(deps));
  router.use((req, _res, next) => {
    if (!req.principal) throw new UnauthenticatedError();
    next();
  });
  for (const [path, create] of ADMIN_ROUTERS) router.use(`/orgs/:orgId/${path}`, create(deps));
  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'no such route' });
  });
  router.use(createAdminErrorHandler(deps.logger));
  return router;
}
