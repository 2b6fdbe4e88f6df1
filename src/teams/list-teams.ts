import type { EntityManager } from 'typeorm';

import { TEAM_SELECT, toTeamRecord, type TeamRecord } from './team-row.js';

export interface TeamSummary extends TeamRecord {
  memberCount: number;
}

interface KeysetPage {
  limit: number;
  after: { createdAt: Date; id: string } | null;
}

/**
 * One keyset page of an organization's teams, oldest first (`teams_org_created_idx`), each with
 * its member count. Reads `limit + 1` rows; the extra one only says another page exists.
 */
export async function listTeams(
  manager: EntityManager,
  orgId: string,
  page: KeysetPage,
): Promise<TeamSummary[]> {
  const rows = await manager.query(
    `SELECT ${TEAM_SELECT},
            (SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id) AS "memberCount"
       FROM teams t
      WHERE t.org_id = $1 AND ($2::timestamptz IS NULL OR (t.created_at, t.id) > ($2, $3::uuid))
      ORDER BY t.created_at, t.id LIMIT $4`,
    [orgId, page.after?.createdAt ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return rows.map((row: Record<string, unknown>) => ({
    ...toTeamRecord(row),
    memberCount: Number(row.memberCount),
  }));
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
export async function listTeamMemberPage(
  manager: EntityManager,
  teamId: string,
  page: KeysetPage,
): Promise<TeamMemberEntry[]> {
  const rows = await manager.query(
    `SELECT m.id, m.user_name AS "userName", m.display_name AS "displayName", m.status,
            tm.created_at AS "createdAt"
       FROM team_members tm JOIN members m ON m.id = tm.member_id
      WHERE tm.team_id = $1
        AND ($2::timestamptz IS NULL OR (tm.created_at, tm.member_id) > ($2, $3::uuid))
      ORDER BY tm.created_at, tm.member_id LIMIT $4`,
    [teamId, page.after?.createdAt ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return rows.map((row: Record<string, unknown>) => ({
    ...(row as unknown as TeamMemberEntry),
    createdAt: new Date(row.createdAt as string),
  }));
}

export async function countTeamMembers(manager: EntityManager, teamId: string): Promise<number> {
  const [{ count }] = await manager.query(
    'SELECT count(*)::int AS count FROM team_members WHERE team_id = $1',
    [teamId],
  );
  return Number(count);
}
