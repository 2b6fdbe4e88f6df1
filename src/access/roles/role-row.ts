import type { EntityManager } from 'typeorm';

import { isUuid } from '../../db/uuid.js';
import type { Permission } from '../permissions.js';
import { permissionsOfRole, type RoleRecord } from '../role-permissions.js';

/** A role as the admin API reads it. */
export interface RoleRow extends RoleRecord {
  createdAt: Date;
  updatedAt: Date;
}

const ROLE_SELECT = `r.id, r.org_id AS "orgId", r.name, r.builtin, r.permissions,
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** Built-in roles first, in the order owner, admin, member; then custom roles by name. */
const ROLE_ORDER = `ORDER BY r.builtin DESC,
  CASE r.name WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, lower(r.name), r.id`;

function toRoleRow(row: Record<string, unknown>): RoleRow {
  return {
    ...(row as unknown as RoleRow),
    createdAt: new Date(row.createdAt as string),
    updatedAt: new Date(row.updatedAt as string),
  };
}

/**
 * Reads one role of an organization; a malformed id is simply not found. `share` keeps the role
 * from being edited or deleted until the transaction that assigns it commits; `update` is taken
 * by the edits and the delete themselves, so an assignment and a delete never interleave.
 */
export async function findRoleRow(
  manager: EntityManager,
  orgId: string,
  roleId: string,
  lock?: 'share' | 'update',
): Promise<RoleRow | undefined> {
  if (!isUuid(roleId)) return undefined;
  const [row] = await manager.query(
    `SELECT ${ROLE_SELECT} FROM roles r WHERE r.org_id = $1 AND r.id = $2
      ${lock === 'share' ? 'FOR SHARE' : lock === 'update' ? 'FOR UPDATE' : ''}`,
    [orgId, roleId],
  );
  return row ? toRoleRow(row) : undefined;
}

/** Every role of an organization, built-in ones first. */
export async function listRoleRows(manager: EntityManager, orgId: string): Promise<RoleRow[]> {
  const rows = await manager.query(
    `SELECT ${ROLE_SELECT} FROM roles r WHERE r.org_id = $1 ${ROLE_ORDER}`,
    [orgId],
  );
  return rows.map(toRoleRow);
}

export interface RoleView {
  id: string;
  name: string;
  builtin: boolean;
  /** The effective set: the catalog's for built-in roles, the row's for custom ones. */
  permissions: Permission[];
  createdAt: string;
  updatedAt: string;
}

/** A role as the admin API answers it. */
export function roleView(role: RoleRow): RoleView {
  return {
    id: role.id,
    name: role.name,
    builtin: role.builtin,
    permissions: [...permissionsOfRole(role)],
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}
