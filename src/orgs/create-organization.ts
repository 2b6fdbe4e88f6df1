import type { EntityManager } from 'typeorm';

import type { Organization, OrganizationSecuritySettings } from '../../entities/organization.js';
import { BUILTIN_ROLES } from '../../entities/role.js';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import { ConflictError, ValidationError } from '../errors.js';
import { isUniqueViolation } from '../db/postgres-errors.js';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Secure defaults: nothing is enforced until an admin has a working SSO connection. */
export const DEFAULT_SECURITY: OrganizationSecuritySettings = {
  ssoEnforced: false,
  mfaRequired: false,
  sessionIdleMinutes: 60,
  sessionAbsoluteHours: 12,
};

export interface CreateOrganizationInput {
  name: string;
  slug: string;
  actor: AuditActor;
  at: Date;
}

/** Creates an organization with its built-in roles, audited, in the caller's transaction. */
export async function createOrganization(
  manager: EntityManager,
  input: CreateOrganizationInput,
): Promise<Organization> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new ValidationError('name must be 1 to 200 characters');
  }
  if (!SLUG.test(input.slug)) {
    throw new ValidationError('slug must be lower-case letters, digits and inner hyphens');
  }

  let org: Organization;
  try {
    [org] = await manager.query(
      `INSERT INTO organizations (name, slug, security, settings, created_at, updated_at)
       VALUES ($1, $2, $3, '{}'::jsonb, $4, $4)
       RETURNING id, name, slug, security, created_at AS "createdAt"`,
      [name, input.slug, JSON.stringify(DEFAULT_SECURITY), input.at],
    );
  } catch (e: unknown) {
    if (isUniqueViolation(e))
      throw new ConflictError(`slug "${input.slug}" is taken`, 'slug_taken');
    throw e;
  }

  for (const role of BUILTIN_ROLES) {
    await manager.query(
      `INSERT INTO roles (org_id, name, builtin, permissions, created_at, updated_at)
       VALUES ($1, $2, true, '{}', $3, $3)`,
      [org.id, role, input.at],
    );
  }
  await recordAuditEvent(manager, {
    orgId: org.id,
    actor: input.actor,
    action: 'organization.created',
    target: { type: 'organization', id: org.id },
    payload: { slug: org.slug, name: org.name },
    at: input.at,
  });
  return org;
}

/** The id of one of the organization's built-in roles. */
export async function findBuiltinRoleId(
  manager: EntityManager,
  orgId: string,
  name: (typeof BUILTIN_ROLES)[number],
): Promise<string> {
  const [row] = await manager.query(
    'SELECT id FROM roles WHERE org_id = $1 AND builtin AND name = $2',
    [orgId, name],
  );
  if (!row) throw new Error(`organization ${orgId} has no built-in role ${name}`);
  return row.id;
}
