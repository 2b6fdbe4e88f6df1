import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { isUniqueViolation } from '../../db/postgres-errors.js';
import type { AuditedChange } from '../audited-change.js';
import type { Permission } from '../permissions.js';
import { firstMissing, parsePermissions, PermissionNotHeldError } from '../role-grants.js';
import { permissionsOfRole } from '../role-permissions.js';
import { assertNameFree } from './create-role.js';
import { BuiltinRoleError, RoleNameTakenError, RoleNotFoundError } from './role-errors.js';
import { findRoleRow, type RoleRow } from './role-row.js';

export interface UpdateRoleInput {
  roleId: string;
  name?: string;
  permissions?: readonly string[];
  held: ReadonlySet<Permission>;
}

/**
 * Renames a custom role and/or replaces its permissions. Rule 9 both ways: the caller must hold
 * every permission the role will have, and every one it has now (a role editor does not reshape
 * a role more powerful than themselves). Holders see the change at their next request, since
 * sessions and API keys read role permissions per request.
 */
export async function updateRole(
  manager: EntityManager,
  input: UpdateRoleInput,
  change: AuditedChange,
): Promise<RoleRow> {
  const wanted = input.permissions && parsePermissions(input.permissions);
  const role = await findRoleRow(manager, change.orgId, input.roleId, 'update');
  if (!role) throw new RoleNotFoundError();
  if (role.builtin) throw new BuiltinRoleError(role.name);

  const before = [...permissionsOfRole(role)];
  const held = firstMissing(input.held, before);
  if (held) {
    throw new PermissionNotHeldError(held, `you cannot edit a role that holds ${held}`);
  }
  const after = wanted ?? before;
  const missing = firstMissing(input.held, after);
  if (missing) throw new PermissionNotHeldError(missing);

  const name = input.name ?? role.name;
  if (name === role.name && after.join(',') === before.join(',')) return role;
  if (name.toLowerCase() !== role.name.toLowerCase()) {
    await assertNameFree(manager, change.orgId, name, role.id);
  }
  await writeRole(manager, role.id, name, after, change.at);

  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.role.updated',
    target: { type: 'role', id: role.id },
    payload: {
      name,
      previousName: role.name,
      permissions: after.join(','),
      previousPermissions: before.join(','),
      added: after.filter((p) => !before.includes(p)).join(','),
      removed: before.filter((p) => !after.includes(p)).join(','),
    },
  });
  return (await findRoleRow(manager, change.orgId, role.id))!;
}

async function writeRole(
  manager: EntityManager,
  id: string,
  name: string,
  permissions: Permission[],
  at: Date,
): Promise<void> {
  try {
    await manager.query(
      'UPDATE roles SET name = $2, permissions = $3, updated_at = $4 WHERE id = $1',
      [id, name, permissions, at],
    );
  } catch (e: unknown) {
    if (isUniqueViolation(e)) throw new RoleNameTakenError(name);
    throw e;
  }
}
