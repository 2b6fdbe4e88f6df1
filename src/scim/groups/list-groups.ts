import type { EntityManager } from 'typeorm';

import { TEAM_SELECT, toTeamRecord } from '../../teams/team-row.js';
import {
  compileFilter,
  compileSort,
  GROUP_FILTER_TARGET,
  parseFilter,
  SqlParams,
} from '../filter/index.js';
import type { ListQuery } from '../list-query.js';
import { LIST_RESPONSE_SCHEMA } from '../scim-constants.js';
import { DIRECTORY_TEAMS } from './group-scope.js';
import { renderGroups } from './render-groups.js';

/** RFC 7644 §3.4.2 for Groups, filtered and paged in SQL like Users. */
export async function listGroups(
  manager: EntityManager,
  orgId: string,
  query: ListQuery,
  baseUrl: string,
) {
  const params = new SqlParams([orgId]);
  const where = ['t.org_id = $1', DIRECTORY_TEAMS];
  if (query.filter !== undefined) {
    where.push(compileFilter(parseFilter(query.filter), GROUP_FILTER_TARGET, params));
  }
  const whereSql = where.join(' AND ');

  const [{ total }] = await manager.query(
    `SELECT count(*)::int AS total FROM teams t WHERE ${whereSql}`,
    params.values,
  );
  let rows: Record<string, unknown>[] = [];
  if (query.count > 0) {
    const direction = query.sortOrder === 'descending' ? 'DESC' : 'ASC';
    const sort = query.sortBy
      ? `${compileSort(query.sortBy, GROUP_FILTER_TARGET)} ${direction}, `
      : '';
    rows = await manager.query(
      `SELECT ${TEAM_SELECT} FROM teams t WHERE ${whereSql}
        ORDER BY ${sort}t.created_at, t.id
        LIMIT ${query.count} OFFSET ${query.startIndex - 1}`,
      params.values,
    );
  }
  const resources = await renderGroups(manager, rows.map(toTeamRecord), baseUrl, query.shape);
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: Number(total),
    startIndex: query.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
