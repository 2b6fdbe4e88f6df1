import type { Router } from 'express';

import type { AdminDeps } from './admin-deps.js';
import { createApiKeyRouter } from './api-keys/api-key-routes.js';
import { createAuditEventsRouter } from './audit-events/audit-events-router.js';
import { createSecurityPostureRouter } from './settings/security-posture-router.js';
import { createSettingsRouter } from './settings/settings-router.js';
import { createInvitationsRouter } from './invitations/invitations-router.js';
import { createMembersRouter } from './members/members-router.js';
import { createRolesRouter } from './roles/roles-router.js';
import { createScimConnectionRouter } from './scim-connections/scim-connection-routes.js';
import { createSsoAdminRouter } from './sso/sso-admin-router.js';
import { createTeamRouter } from './teams/team-routes.js';
import { createEventsRouter } from './webhooks/events-routes.js';
import { createWebhookRouter } from './webhooks/webhook-routes.js';

/**
 * The resource routers of the admin API, each mounted at `/api/v1/orgs/{orgId}/<path>` and
 * built with `Router({ mergeParams: true })` so guards can read `orgId`.
 */
export const ADMIN_ROUTERS: [string, (deps: AdminDeps) => Router][] = [
  ['api-keys', createApiKeyRouter],
  ['settings', createSettingsRouter],
  ['security-posture', createSecurityPostureRouter],
  ['audit-events', createAuditEventsRouter],
  ['scim-connections', createScimConnectionRouter],
  ['teams', createTeamRouter],
  ['members', createMembersRouter],
  ['roles', createRolesRouter],
  ['invitations', createInvitationsRouter],
  ['webhooks', createWebhookRouter],
  ['events', createEventsRouter],
  ['sso', createSsoAdminRouter],
];
