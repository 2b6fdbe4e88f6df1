import type { EntityManager } from 'typeorm';

import { cursorKeySql, pageOfRows, type KeysetPage } from '../db/page-cursor.js';
import { TEAM_SELECT, toTeamRecord, type TeamRecord } from './team-row.js';

export interface TeamSummary extends TeamRecord {
  memberCount: number;
}

/**
 * One keyset page of an organization's teams, oldest first (`teams_org_created_idx`), each with
 * its member count.
 */
export async function listTeams(manager: EntityManager, orgId: string, page: KeysetPage) {
  const rows = await manager.query(
    `SELECT ${TEAM_SELECT}, ${cursorKeySql('t')} AS "cursorAt",
            (SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id) AS "memberCount"
       FROM teams t
      WHERE t.org_id = $1
        AND ($2::timestamptz IS NULL OR (t.created_at, t.id) > ($2::timestamptz, $3::uuid))
      ORDER BY t.created_at, t.id LIMIT $4`,
    [orgId, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
  );
  const { rows: teams, nextCursor } = pageOfRows(rows, page.limit);
  const data: TeamSummary[] = teams.map((row: Record<string, unknown>) => ({
    ...toTeamRecord(row),
    memberCount: Number(row.memberCount),
  }));
  return { data, nextCursor };
}

export interface TeamMemberEntry {
  id: string;
  userName: string;
  displayName: string | null;
  status: string;
  /** When the member joined the team. */
  createdAt: Date;
}

/** One keyset page of a team's members, in the order they joined. */
export async function listTeamMemberPage(manager: EntityManager, teamId: string, page: KeysetPage) {
  const rows = await manager.query(
    `SELECT m.id, m.user_name AS "userName", m.display_name AS "displayName", m.status,
            tm.created_at AS "createdAt", ${cursorKeySql('tm')} AS "cursorAt"
       FROM team_members tm JOIN members m ON m.id = tm.member_id
      WHERE tm.team_id = $1
        AND ($2::timestamptz IS NULL OR (tm.created_at, tm.member_id) > ($2::timestamptz, $3::uuid))
      ORDER BY tm.created_at, tm.member_id LIMIT $4`,
    [teamId, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
  );
  const { rows: entries, nextCursor } = pageOfRows(rows, page.limit);
  const data: TeamMemberEntry[] = entries.map((row: Record<string, unknown>) => ({
    id: String(row.id),
    userName: String(row.userName),
    displayName: (row.displayName as string | null) ?? null,
    status: String(row.status),
    createdAt: new Date(row.createdAt as string),
  }));
  return { data, nextCursor };
}

export async function countTeamMembers(manager: EntityManager, teamId: string): Promise<number> {
  const [{ count }] = await manager.query(
    'SELECT count(*)::int AS count FROM team_members WHERE team_id = $1',
    [teamId],
  );
  return Number(count);
}
