import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { isForeignKeyViolation } from '../../db/postgres-errors.js';
import type { AuditedChange } from '../audited-change.js';
import { permissionsOfRole } from '../role-permissions.js';
import {
  BuiltinRoleError,
  RoleInUseError,
  RoleNotFoundError,
  type RoleUsage,
} from './role-errors.js';
import { findRoleRow } from './role-row.js';

/** Members who hold the role now: live and not deprovisioned. */
const USAGE = `SELECT
  (SELECT count(*) FROM members WHERE role_id = $1 AND deleted_at IS NULL
      AND status <> 'deprovisioned')::int AS members,
  (SELECT count(*) FROM invitations WHERE role_id = $1 AND status = 'pending')::int AS invitations,
  (SELECT count(*) FROM teams WHERE mapped_role_id = $1)::int AS teams`;

/**
 * Deletes a custom role nobody holds: no active or suspended member, no pending invitation and
 * no team mapped to it (409 `role_in_use` otherwise). Rows that only remember the role — former
 * members, settled invitations — fall back to the built-in `member` role, which grants nothing,
 * so a former member who is ever reactivated comes back with no permissions.
 */
export async function deleteRole(
  manager: EntityManager,
  roleId: string,
  change: AuditedChange,
): Promise<void> {
  const role = await findRoleRow(manager, change.orgId, roleId, 'update');
  if (!role) throw new RoleNotFoundError();
  if (role.builtin) throw new BuiltinRoleError(role.name);

  const [usage]: RoleUsage[] = await manager.query(USAGE, [role.id]);
  if (usage!.members + usage!.invitations + usage!.teams > 0) throw new RoleInUseError(usage!);

  const fallback = `(SELECT id FROM roles WHERE org_id = $2 AND builtin AND name = 'member')`;
  await manager.query(`UPDATE members SET role_id = ${fallback} WHERE role_id = $1`, [
    role.id,
    change.orgId,
  ]);
  await manager.query(`UPDATE invitations SET role_id = ${fallback} WHERE role_id = $1`, [
    role.id,
    change.orgId,
  ]);
  try {
    await manager.query('DELETE FROM roles WHERE id = $1', [role.id]);
  } catch (e: unknown) {
    // Another reference added since the usage check (a table this code does not know yet).
    if (isForeignKeyViolation(e)) throw new RoleInUseError(usage!);
    throw e;
  }

  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.role.deleted',
    target: { type: 'role', id: role.id },
    payload: { name: role.name, permissions: [...permissionsOfRole(role)].join(',') },
  });
}
