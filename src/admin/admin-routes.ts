import type { Router } from 'express';

import type { AdminDeps } from './admin-deps.js';

/**
 * The resource routers of the admin API, each mounted at `/api/v1/orgs/{orgId}/<path>` and
 * built with `Router({ mergeParams: true })` so guards can read `orgId`.
 */
export const ADMIN_ROUTERS: [string, (deps: AdminDeps) => Router][] = [];
