import { isUuid } from '../db/uuid.js';
import type { EntityManager } from 'typeorm';

/** A team as the SCIM Group renderer and the admin API read it. */
export interface TeamRecord {
  id: string;
  orgId: string;
  displayName: string;
  externalId: string | null;
  scimConnectionId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const TEAM_SELECT = `t.id, t.org_id AS "orgId", t.display_name AS "displayName",
  t.external_id AS "externalId", t.scim_connection_id AS "scimConnectionId", t.version,
  t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

export function toTeamRecord(row: Record<string, unknown>): TeamRecord {
  return {
    ...(row as unknown as TeamRecord),
    version: Number(row.version),
    createdAt: new Date(row.createdAt as string),
    updatedAt: new Date(row.updatedAt as string),
  };
}

export async function findTeam(
  manager: EntityManager,
  orgId: string,
  teamId: string,
  options: { forUpdate?: boolean } = {},
): Promise<TeamRecord | undefined> {
  if (!isUuid(teamId)) return undefined;
  const [row] = await manager.query(
    `SELECT ${TEAM_SELECT} FROM teams t WHERE t.org_id = $1 AND t.id = $2
      ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    [orgId, teamId],
  );
  return row ? toTeamRecord(row) : undefined;
}

/** A team's members as `{ id, displayName, userName }`, for rendering; cost grows with size. */
export async function listTeamMembers(
  manager: EntityManager,
  teamIds: string[],
): Promise<Map<string, { id: string; display: string }[]>> {
  const byTeam = new Map<string, { id: string; display: string }[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await manager.query(
    `SELECT tm.team_id, m.id, COALESCE(m.display_name, m.user_name) AS display
       FROM team_members tm JOIN members m ON m.id = tm.member_id
      WHERE tm.team_id = ANY($1::uuid[]) ORDER BY tm.team_id, tm.created_at, m.id`,
    [teamIds],
  );
  for (const row of rows) byTeam.get(row.team_id)!.push({ id: row.id, display: row.display });
  return byTeam;
}
