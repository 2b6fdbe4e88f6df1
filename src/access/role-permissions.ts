import type { EntityManager } from 'typeorm';

import { BUILTIN_ROLES, type BuiltinRoleName } from '../../entities/role.js';
import { BUILTIN_PERMISSIONS, isPermission, type Permission } from './permissions.js';

export interface RoleRecord {
  id: string;
  orgId: string;
  name: string;
  builtin: boolean;
  permissions: string[];
}

/** A role's effective permissions: the catalog's for built-in roles, the row's for custom ones. */
export function permissionsOfRole(role: Pick<RoleRecord, 'name' | 'builtin' | 'permissions'>) {
  if (role.builtin && (BUILTIN_ROLES as readonly string[]).includes(role.name)) {
    return new Set<Permission>(BUILTIN_PERMISSIONS[role.name as BuiltinRoleName]);
  }
  return new Set<Permission>(role.permissions.filter(isPermission));
}

export async function findRole(
  manager: EntityManager,
  orgId: string,
  roleId: string,
): Promise<RoleRecord | undefined> {
  const [row] = await manager.query(
    `SELECT id, org_id AS "orgId", name, builtin, permissions FROM roles
      WHERE org_id = $1 AND id = $2`,
    [orgId, roleId],
  );
  return row;
}
