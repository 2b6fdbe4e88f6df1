import type { EntityManager } from 'typeorm';

import { listTeamMembers, type TeamRecord } from '../../teams/team-row.js';
import type { ShapeQuery } from '../list-query.js';
import { projectResource, wantsAttribute } from '../projection/index.js';
import { renderGroup } from './group-mapper.js';

/**
 * Renders teams as SCIM Groups. Members are read only when the client wants them: Entra ID lists
 * groups with `excludedAttributes=members`, and a 100 000-member group is then one row.
 */
export async function renderGroups(
  manager: EntityManager,
  teams: TeamRecord[],
  baseUrl: string,
  shape: ShapeQuery = {},
): Promise<Record<string, unknown>[]> {
  const members = wantsAttribute(shape, 'members', 'Group')
    ? await listTeamMembers(
        manager,
        teams.map((t) => t.id),
      )
    : undefined;
  return teams.map((t) =>
    projectResource(renderGroup(t, members?.get(t.id), baseUrl), shape, 'Group'),
  );
}
