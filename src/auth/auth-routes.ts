import type { Router } from 'express';

import type { AdminDeps } from '../admin/admin-deps.js';

/** Sign-in routers mounted under `/auth` (break-glass, step-up; SSO later). */
export const AUTH_ROUTES: ((deps: AdminDeps) => Router)[] = [];
