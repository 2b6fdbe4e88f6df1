import type { EntityManager } from 'typeorm';

import { isUuid } from '../db/uuid.js';
import type { MemberSource, MemberStatus, MultiValue } from '../../entities/member.js';
import type { MemberProfile } from './member-profile.js';
import { PROFILE_COLUMNS, PROFILE_FIELDS } from './member-profile.js';

/** A member as the lifecycle functions and the SCIM renderer read it. */
export interface MemberRecord extends MemberProfile {
  id: string;
  orgId: string;
  roleId: string;
  roleName: string;
  status: MemberStatus;
  source: MemberSource;
  scimConnectionId: string | null;
  hasPassword: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Every column of a member, aliased to its camelCase field, for `SELECT … FROM members m`. */
export const MEMBER_SELECT = [
  'm.id',
  'm.org_id AS "orgId"',
  'm.role_id AS "roleId"',
  '(SELECT r.name FROM roles r WHERE r.id = m.role_id) AS "roleName"',
  'm.status',
  'm.source',
  'm.scim_connection_id AS "scimConnectionId"',
  '(m.password_hash IS NOT NULL) AS "hasPassword"',
  'm.version',
  'm.created_at AS "createdAt"',
  'm.updated_at AS "updatedAt"',
  ...PROFILE_FIELDS.map((f) => `m.${PROFILE_COLUMNS[f]} AS "${f}"`),
].join(', ');

/** Postgres returns dates as Date and JSONB parsed; PGlite does too, but ids may need care. */
export function toMemberRecord(row: Record<string, unknown>): MemberRecord {
  return {
    ...(row as unknown as MemberRecord),
    version: Number(row.version),
    createdAt: new Date(row.createdAt as string),
    updatedAt: new Date(row.updatedAt as string),
    emails: (row.emails as MultiValue[]) ?? [],
  };
}

/**
 * Reads one live (not deleted) member of an organization. `forUpdate` locks the row until the
 * transaction ends, so concurrent PATCHes of one member apply one after the other.
 */
export async function findMember(
  manager: EntityManager,
  orgId: string,
  memberId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MemberRecord | undefined> {
  if (!isUuid(memberId)) return undefined;
  const [row] = await manager.query(
    `SELECT ${MEMBER_SELECT} FROM members m
      WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL
      ${options.forUpdate ? 'FOR UPDATE OF m' : ''}`,
    [orgId, memberId],
  );
  return row ? toMemberRecord(row) : undefined;
}
