import { Router } from 'express';

import { guard, principalOf, sameOrganization } from '../../access/guards.js';
import type { Permission } from '../../access/permissions.js';
import { parseSettingsDocument } from '../../orgs/parse-settings-document.js';
import { readOrganizationSettings } from '../../orgs/read-organization-settings.js';
import { replaceSettingsSection } from '../../orgs/replace-settings-section.js';
import type { SettingsSection } from '../../orgs/settings-sections.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';

/**
 * Who may replace each section. All of them need a fresh session (DESIGN rule 2); `admin` holds
 * `organization.update` but none of the owner-only permissions below it.
 */
const WRITE_PERMISSIONS: Record<SettingsSection, Permission> = {
  general: 'organization.update',
  billing: 'billing.manage',
  inference: 'inference.manage',
  security: 'security_configuration.manage',
};

/**
 * `GET /settings`: every section, for any member of the organization.
 * `PUT /settings/{section}`: replaces one section, audited in the same transaction.
 * TODO(settings-etag): when two admins edit one section at once the last write wins (both are
 * audited); If-Match on a section version would refuse the stale one. Not yet: no client sends it.
 */
export function createSettingsRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/', sameOrganization, async (req, res) => {
    const settings = await readOrganizationSettings(deps.db.manager, principalOf(req).orgId);
    res.set('Cache-Control', 'no-store').json(settings);
  });

  for (const [section, permission] of Object.entries(WRITE_PERMISSIONS)) {
    router.put(`/${section}`, guard(deps.clock, permission, { fresh: true }), async (req, res) => {
      const document = parseSettingsDocument(section as SettingsSection, req.body);
      const result = await runAdminChange(deps, req, (manager, change) =>
        replaceSettingsSection(manager, change, section as SettingsSection, document),
      );
      res.set('Cache-Control', 'no-store').json(result.document);
    });
  }
  return router;
}
