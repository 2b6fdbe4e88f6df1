import { Router } from 'express';
import { z } from 'zod';

import { guard, principalOf } from '../../access/guards.js';
import { ALL_PERMISSIONS } from '../../access/permissions.js';
import { createRole } from '../../access/roles/create-role.js';
import { deleteRole } from '../../access/roles/delete-role.js';
import { RoleNotFoundError } from '../../access/roles/role-errors.js';
import { findRoleRow, listRoleRows, roleView } from '../../access/roles/role-row.js';
import { updateRole } from '../../access/roles/update-role.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { parseBody, pathId } from '../admin-input.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const ROLE_NAME = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((name) => !CONTROL_CHARACTERS.test(name), { error: 'must not hold control characters' });
// Names are checked against the catalog by the domain, which names the unknown one (400).
const PERMISSIONS = z.array(z.string().max(100)).max(ALL_PERMISSIONS.length * 4);

const CREATE_BODY = z.strictObject({ name: ROLE_NAME, permissions: PERMISSIONS });
const UPDATE_BODY = z
  .strictObject({ name: ROLE_NAME.optional(), permissions: PERMISSIONS.optional() })
  .refine((body) => body.name !== undefined || body.permissions !== undefined, {
    error: 'give name, permissions or both',
  });

/**
 * `/api/v1/orgs/{orgId}/roles`: built-in and custom roles. Reading needs `ac.read`; every change
 * needs its `ac.*` permission and a fresh session (rule 2), and grants only what the caller holds
 * (rule 9).
 */
export function createRolesRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const { clock } = deps;

  router.get('/', guard(clock, 'ac.read'), async (req, res) => {
    const roles = await listRoleRows(deps.db.manager, principalOf(req).orgId);
    res.json({ data: roles.map(roleView) });
  });

  router.get('/:roleId', guard(clock, 'ac.read'), async (req, res) => {
    const id = pathId(req, 'roleId', 'role');
    const role = await findRoleRow(deps.db.manager, principalOf(req).orgId, id);
    if (!role) throw new RoleNotFoundError();
    res.json(roleView(role));
  });

  router.post('/', guard(clock, 'ac.create', { fresh: true }), async (req, res) => {
    const body = parseBody(CREATE_BODY, req.body);
    const held = principalOf(req).permissions;
    const role = await runAdminChange(deps, req, (manager, change) =>
      createRole(manager, { ...body, held }, change),
    );
    res.status(201).json(roleView(role));
  });

  router.patch('/:roleId', guard(clock, 'ac.update', { fresh: true }), async (req, res) => {
    const roleId = pathId(req, 'roleId', 'role');
    const body = parseBody(UPDATE_BODY, req.body);
    const held = principalOf(req).permissions;
    const role = await runAdminChange(deps, req, (manager, change) =>
      updateRole(manager, { ...body, roleId, held }, change),
    );
    res.json(roleView(role));
  });

  router.delete('/:roleId', guard(clock, 'ac.delete', { fresh: true }), async (req, res) => {
    const roleId = pathId(req, 'roleId', 'role');
    await runAdminChange(deps, req, (manager, change) => deleteRole(manager, roleId, change));
    res.status(204).end();
  });
  return router;
}
