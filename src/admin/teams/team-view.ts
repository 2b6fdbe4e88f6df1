import type { TeamMemberEntry, TeamSummary } from '../../teams/list-teams.js';
import type { TeamRecord } from '../../teams/team-row.js';

/** A team as the admin API shows it. `directoryManaged` teams are changed only by their IdP. */
export function teamView(team: TeamRecord, memberCount: number) {
  return {
    id: team.id,
    displayName: team.displayName,
    externalId: team.externalId,
    directoryManaged: team.scimConnectionId !== null,
    scimConnectionId: team.scimConnectionId,
    memberCount,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}

export function teamSummaryView(team: TeamSummary) {
  return teamView(team, team.memberCount);
}

export function teamMemberView(entry: TeamMemberEntry) {
  return {
    id: entry.id,
    userName: entry.userName,
    displayName: entry.displayName,
    status: entry.status,
    addedAt: entry.createdAt.toISOString(),
  };
}
