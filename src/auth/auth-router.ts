import express, { Router } from 'express';

import type { AdminDeps } from '../admin/admin-deps.js';
import { createAdminErrorHandler } from '../admin/admin-error-handler.js';
import { AUTH_ROUTES } from './auth-routes.js';
import { createSessionRoutes } from './session-routes.js';

/** `/auth/…`: who am I, sign-out, and the sign-ins that create sessions. */
export function createAuthRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  router.use(createSessionRoutes(deps));
  for (const create of AUTH_ROUTES) router.use(create(deps));
  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'no such route' });
  });
  router.use(createAdminErrorHandler(deps.logger));
  return router;
}
