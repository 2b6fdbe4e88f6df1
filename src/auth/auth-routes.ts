import type { Router } from 'express';

import type { AdminDeps } from '../admin/admin-deps.js';
import { createAcceptInvitationRoutes } from '../admin/invitations/accept-invitation-routes.js';
import { createStepUpRoutes } from '../sso/flow/index.js';
import { createBreakGlassRoutes } from './break-glass/break-glass-routes.js';

/** Sign-in routers mounted under `/auth` (break-glass, step-up; SSO later). */
export const AUTH_ROUTES: ((deps: AdminDeps) => Router)[] = [
  createBreakGlassRoutes,
  createAcceptInvitationRoutes,
  createStepUpRoutes,
];
