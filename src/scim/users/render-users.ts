import type { EntityManager } from 'typeorm';

import type { MemberRecord } from '../../members/member-row.js';
import { projectResource, wantsAttribute } from '../projection/index.js';
import type { ShapeQuery } from '../list-query.js';
import { loadManagerNames, loadUserGroups } from './user-groups.js';
import { renderUser, type ScimDoc } from './user-mapper.js';

/**
 * Renders members as SCIM Users with their groups and managers' names, in two batched queries
 * for the whole page, skipping groups when the client did not ask for them.
 */
export async function renderUsers(
  manager: EntityManager,
  members: MemberRecord[],
  baseUrl: string,
  shape: ShapeQuery = {},
): Promise<ScimDoc[]> {
  const ids = members.map((m) => m.id);
  const groups = wantsAttribute(shape, 'groups', 'User')
    ? await loadUserGroups(manager, ids)
    : undefined;
  const managers = await loadManagerNames(
    manager,
    members.map((m) => m.managerId).filter((id): id is string => id !== null),
  );
  return members.map((m) =>
    projectResource(
      renderUser(m, groups?.get(m.id), baseUrl, m.managerId ? managers.get(m.managerId) : null),
      shape,
      'User',
    ),
  );
}
