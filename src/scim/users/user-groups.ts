import type { EntityManager } from 'typeorm';

import type { GroupRef } from './user-mapper.js';

/** The teams of each given member, for the read-only `groups` attribute (RFC 7643 §4.1.2). */
export async function loadUserGroups(
  manager: EntityManager,
  memberIds: string[],
): Promise<Map<string, GroupRef[]>> {
  const byMember = new Map<string, GroupRef[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return byMember;
  const rows = await manager.query(
    `SELECT tm.member_id, t.id, t.display_name FROM team_members tm
       JOIN teams t ON t.id = tm.team_id
      WHERE tm.member_id = ANY($1::uuid[]) ORDER BY t.display_name, t.id`,
    [memberIds],
  );
  for (const row of rows) {
    byMember.get(row.member_id)!.push({ id: row.id, display: row.display_name });
  }
  return byMember;
}

/** Display names of managers, so `manager.displayName` can be returned (RFC 7643 §4.3). */
export async function loadManagerNames(
  manager: EntityManager,
  managerIds: string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(managerIds)];
  if (ids.length === 0) return new Map();
  const rows = await manager.query(
    `SELECT id, COALESCE(display_name, user_name) AS name FROM members WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r: { id: string; name: string }) => [r.id, r.name]));
}
