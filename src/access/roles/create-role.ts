import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { isUniqueViolation } from '../../db/postgres-errors.js';
import type { AuditedChange } from '../audited-change.js';
import type { Permission } from '../permissions.js';
import { assertCanGrant, parsePermissions } from '../role-grants.js';
import { RoleNameTakenError } from './role-errors.js';
import { findRoleRow, type RoleRow } from './role-row.js';

export interface CreateRoleInput {
  name: string;
  permissions: readonly string[];
  /** What the caller holds: rule 9 keeps the new role within it. */
  held: ReadonlySet<Permission>;
}

/**
 * Creates a custom role. Every permission must be in the catalog (400 naming the first that is
 * not) and held by the caller (403 naming the first that is not); the name is unique per
 * organization ignoring case, built-in names included.
 */
export async function createRole(
  manager: EntityManager,
  input: CreateRoleInput,
  change: AuditedChange,
): Promise<RoleRow> {
  const permissions = parsePermissions(input.permissions);
  assertCanGrant(input.held, permissions);
  await assertNameFree(manager, change.orgId, input.name);

  let id: string;
  try {
    [{ id }] = await manager.query(
      `INSERT INTO roles (org_id, name, builtin, permissions, created_at, updated_at)
       VALUES ($1, $2, false, $3, $4, $4) RETURNING id`,
      [change.orgId, input.name, permissions, change.at],
    );
  } catch (e: unknown) {
    if (isUniqueViolation(e)) throw new RoleNameTakenError(input.name);
    throw e;
  }

  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.role.created',
    target: { type: 'role', id },
    payload: { name: input.name, permissions: permissions.join(',') },
  });
  return (await findRoleRow(manager, change.orgId, id))!;
}

/**
 * Checked before writing so the common case answers 409 without a failed statement; the unique
 * index still decides a race.
 */
export async function assertNameFree(
  manager: EntityManager,
  orgId: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  const [taken] = await manager.query(
    `SELECT 1 FROM roles WHERE org_id = $1 AND lower(name) = lower($2)
        AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [orgId, name, exceptId ?? null],
  );
  if (taken) throw new RoleNameTakenError(name);
}
