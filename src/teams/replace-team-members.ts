import type { EntityManager } from 'typeorm';

import {
  addTeamMembers,
  removeAllTeamMembers,
  type MembershipChangeContext,
} from './team-membership.js';
import type { TeamRecord } from './team-row.js';

/**
 * PUT replaces the member list (RFC 7644 §3.5.1). A PUT carries the whole list anyway, so its
 * cost already grows with the group; clients that change one member use PATCH.
 */
export async function replaceTeamMembers(
  manager: EntityManager,
  team: TeamRecord,
  memberIds: string[],
  change: MembershipChangeContext,
): Promise<void> {
  await removeAllTeamMembers(manager, team, change);
  await addTeamMembers(manager, team, memberIds, change);
}
