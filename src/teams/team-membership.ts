import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import { rowsOf } from '../db/query-rows.js';
import { isUuid } from '../db/uuid.js';
import type { RequestContext } from '../ops/request-context.js';
import { UnknownTeamMembersError } from './team-errors.js';
import type { TeamRecord } from './team-row.js';

export interface MembershipChangeContext {
  actor: AuditActor;
  context?: RequestContext;
  at: Date;
}

/**
 * Adds members by inserting one join row each; a member already there is left alone. The cost
 * depends on how many are added, never on how many the team has.
 */
export async function addTeamMembers(
  manager: EntityManager,
  team: TeamRecord,
  memberIds: string[],
  change: MembershipChangeContext,
): Promise<number> {
  const ids = [...new Set(memberIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return 0;
  const candidates = ids.filter(isUuid);
  const found = await manager.query(
    `SELECT id FROM members WHERE org_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
    [team.orgId, candidates],
  );
  const known = new Set(found.map((r: { id: string }) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownTeamMembersError(unknown);

  const inserted = await manager.query(
    `INSERT INTO team_members (team_id, member_id, created_at)
     SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
     ON CONFLICT DO NOTHING RETURNING member_id`,
    [team.id, ids, change.at],
  );
  // The audit event names the members who joined, not every id the request repeated.
  const added = memberIdsOf(inserted);
  if (added.length > 0) await recordMembershipChange(manager, team, 'members_added', added, change);
  return added.length;
}

/** Removes the given members; ids that are not in the team are ignored (RFC 7644 §3.5.2.2). */
export async function removeTeamMembers(
  manager: EntityManager,
  team: TeamRecord,
  memberIds: string[],
  change: MembershipChangeContext,
): Promise<number> {
  const ids = [...new Set(memberIds.map((id) => id.toLowerCase()))].filter(isUuid);
  if (ids.length === 0) return 0;
  const removed = await manager.query(
    `DELETE FROM team_members WHERE team_id = $1 AND member_id = ANY($2::uuid[])
     RETURNING member_id`,
    [team.id, ids],
  );
  const gone = memberIdsOf(removed);
  if (gone.length > 0) await recordMembershipChange(manager, team, 'members_removed', gone, change);
  return gone.length;
}

/** Empties the team; the only membership change whose cost grows with the team's size. */
export async function removeAllTeamMembers(
  manager: EntityManager,
  team: TeamRecord,
  change: MembershipChangeContext,
): Promise<number> {
  const removed = await manager.query(
    'DELETE FROM team_members WHERE team_id = $1 RETURNING member_id',
    [team.id],
  );
  const count = rowsOf(removed).length;
  if (count > 0) await recordMembershipChange(manager, team, 'members_cleared', [], change);
  return count;
}

function memberIdsOf(result: unknown): string[] {
  return rowsOf<{ member_id: string }>(result).map((r) => r.member_id);
}

async function recordMembershipChange(
  manager: EntityManager,
  team: TeamRecord,
  what: string,
  memberIds: string[],
  change: MembershipChangeContext,
): Promise<void> {
  await recordAuditEvent(manager, {
    orgId: team.orgId,
    actor: change.actor,
    action: `organization.team.${what}`,
    target: { type: 'team', id: team.id },
    payload: {
      displayName: team.displayName,
      count: memberIds.length,
      // The payload is flat: the first ids, enough to trace a change without unbounded rows.
      memberIds: memberIds.slice(0, 50).join(','),
    },
    context: change.context,
    at: change.at,
  });
}
