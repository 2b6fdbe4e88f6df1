import type { TeamRecord } from '../../teams/team-row.js';
import { GROUP_SCHEMA } from '../scim-constants.js';
import { etagOf } from '../scim-response.js';

/** Renders a team as a SCIM Group (RFC 7643 §4.2); `members` only when they were loaded. */
export function renderGroup(
  team: TeamRecord,
  members: { id: string; display: string }[] | undefined,
  baseUrl: string,
): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    schemas: [GROUP_SCHEMA],
    id: team.id,
    displayName: team.displayName,
  };
  if (team.externalId) doc.externalId = team.externalId;
  if (members && members.length > 0) {
    doc.members = members.map((m) => ({
      value: m.id,
      display: m.display,
      $ref: `${baseUrl}/Users/${m.id}`,
      type: 'User',
    }));
  }
  doc.meta = {
    resourceType: 'Group',
    created: team.createdAt.toISOString(),
    lastModified: team.updatedAt.toISOString(),
    location: `${baseUrl}/Groups/${team.id}`,
    version: etagOf(team.version),
  };
  return doc;
}
