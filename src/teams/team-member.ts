import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../audit/record-audit-event.js';
import { rowsOf } from '../db/query-rows.js';
import type { MembershipChangeContext } from './team-membership.js';
import type { TeamRecord } from './team-row.js';
import { touchTeam } from './write-team.js';

/**
 * Adds one member by hand (the admin API). The caller has checked that the member is a live
 * member of the team's organization. Adding someone already there changes nothing and records
 * nothing, so a retried PUT is harmless. Returns whether a row was added.
 */
export async function addTeamMember(
  manager: EntityManager,
  team: TeamRecord,
  memberId: string,
  change: MembershipChangeContext,
): Promise<boolean> {
  const inserted = await manager.query(
    `INSERT INTO team_members (team_id, member_id, created_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING member_id`,
    [team.id, memberId, change.at],
  );
  if (rowsOf(inserted).length === 0) return false;
  await recordMemberChange(manager, team, 'member_added', memberId, change);
  return true;
}

/** Removes one member by hand; returns false when they were not in the team. */
export async function removeTeamMember(
  manager: EntityManager,
  team: TeamRecord,
  memberId: string,
  change: MembershipChangeContext,
): Promise<boolean> {
  const removed = await manager.query(
    'DELETE FROM team_members WHERE team_id = $1 AND member_id = $2 RETURNING member_id',
    [team.id, memberId],
  );
  if (rowsOf(removed).length === 0) return false;
  await recordMemberChange(manager, team, 'member_removed', memberId, change);
  return true;
}

async function recordMemberChange(
  manager: EntityManager,
  team: TeamRecord,
  what: 'member_added' | 'member_removed',
  memberId: string,
  change: MembershipChangeContext,
): Promise<void> {
  await touchTeam(manager, team, change.at);
  await recordAuditEvent(manager, {
    orgId: team.orgId,
    actor: change.actor,
    action: `organization.team.${what}`,
    target: { type: 'team', id: team.id },
    payload: { displayName: team.displayName, memberId },
    context: change.context,
    at: change.at,
  });
}
