import type { EntityManager } from 'typeorm';

import type { MemberStatus } from '../../entities/member.js';
import { MEMBER_SELECT, toMemberRecord, type MemberRecord } from './member-row.js';
import { cursorKeySql, pageOfRows, type PageCursor } from '../db/page-cursor.js';

export interface MemberListQuery {
  /** A role id, or a role name (case-insensitive). */
  role?: string;
  status?: MemberStatus;
  /** A team id: only that team's members. */
  team?: string;
  limit: number;
  after?: PageCursor;
}

const LIST_MEMBERS = `SELECT ${MEMBER_SELECT}, ${cursorKeySql('m')} AS "cursorAt"
   FROM members m
  WHERE m.org_id = $1 AND m.deleted_at IS NULL
    AND ($2::text IS NULL OR m.role_id IN (
          SELECT r.id FROM roles r WHERE r.org_id = $1
             AND (r.id::text = lower($2::text) OR lower(r.name) = lower($2::text))))
    AND ($3::text IS NULL OR m.status = $3::text)
    AND ($4::uuid IS NULL OR EXISTS (
          SELECT 1 FROM team_members tm WHERE tm.member_id = m.id AND tm.team_id = $4::uuid))
    AND ($5::timestamptz IS NULL OR (m.created_at, m.id) > ($5::timestamptz, $6::uuid))
  ORDER BY m.created_at, m.id
  LIMIT $7`;

/**
 * One keyset page of an organization's live members, oldest first (`members_org_created_idx`),
 * filtered by role, status and team. Removed members are not listed.
 */
export async function listMembers(
  manager: EntityManager,
  orgId: string,
  query: MemberListQuery,
): Promise<{ members: MemberRecord[]; nextCursor: string | null }> {
  const rows = await manager.query(LIST_MEMBERS, [
    orgId,
    query.role ?? null,
    query.status ?? null,
    query.team ?? null,
    query.after?.at ?? null,
    query.after?.id ?? null,
    query.limit + 1,
  ]);
  const page = pageOfRows<{ cursorAt: string; id: string }>(rows, query.limit);
  return {
    members: page.rows.map((row) => toMemberRecord(row as Record<string, unknown>)),
    nextCursor: page.nextCursor,
  };
}
