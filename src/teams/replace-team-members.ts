import type { EntityManager } from 'typeorm';

import { rowsOf } from '../db/query-rows.js';
import {
  addTeamMembers,
  removeTeamMembers,
  type MembershipChangeContext,
} from './team-membership.js';
import type { TeamRecord } from './team-row.js';

/**
 * PUT replaces the member list (RFC 7644 §3.5.1). Only the difference is written: members who
 * stay keep their row, and an IdP that PUTs an unchanged list (Okta's Group Push does) leaves
 * no audit event claiming they left and came back. A PUT carries the whole list anyway, so its
 * cost already grows with the group; clients that change one member use PATCH.
 */
export async function replaceTeamMembers(
  manager: EntityManager,
  team: TeamRecord,
  memberIds: string[],
  change: MembershipChangeContext,
): Promise<void> {
  const wanted = new Set(memberIds.map((id) => id.toLowerCase()));
  const current = await manager.query('SELECT member_id FROM team_members WHERE team_id = $1', [
    team.id,
  ]);
  const leaving = rowsOf<{ member_id: string }>(current)
    .map((r) => r.member_id)
    .filter((id) => !wanted.has(id));

  await removeTeamMembers(manager, team, leaving, change);
  await addTeamMembers(manager, team, [...wanted], change);
}
