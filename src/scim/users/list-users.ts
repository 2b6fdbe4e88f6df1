import type { EntityManager } from 'typeorm';

import { MEMBER_SELECT, toMemberRecord } from '../../members/member-row.js';
import {
  compileFilter,
  compileSort,
  parseFilter,
  SqlParams,
  USER_FILTER_TARGET,
} from '../filter/index.js';
import type { ListQuery } from '../list-query.js';
import { LIST_RESPONSE_SCHEMA } from '../scim-constants.js';
import { renderUsers } from './render-users.js';

/**
 * RFC 7644 §3.4.2: the filter becomes a SQL predicate over the organization's live members, so
 * only the requested page ever leaves the database. Ties in the sort order fall back to
 * creation time and id, which keeps pages stable while clients walk them.
 */
export async function listUsers(
  manager: EntityManager,
  orgId: string,
  query: ListQuery,
  baseUrl: string,
) {
  const params = new SqlParams([orgId]);
  const where = ['m.org_id = $1', 'm.deleted_at IS NULL'];
  if (query.filter !== undefined) {
    where.push(compileFilter(parseFilter(query.filter), USER_FILTER_TARGET, params));
  }
  const whereSql = where.join(' AND ');

  const [{ total }] = await manager.query(
    `SELECT count(*)::int AS total FROM members m WHERE ${whereSql}`,
    params.values,
  );
  let rows: Record<string, unknown>[] = [];
  if (query.count > 0) {
    const direction = query.sortOrder === 'descending' ? 'DESC' : 'ASC';
    const sort = query.sortBy
      ? `${compileSort(query.sortBy, USER_FILTER_TARGET)} ${direction}, `
      : '';
    rows = await manager.query(
      `SELECT ${MEMBER_SELECT} FROM members m WHERE ${whereSql}
        ORDER BY ${sort}m.created_at, m.id
        LIMIT ${query.count} OFFSET ${query.startIndex - 1}`,
      params.values,
    );
  }
  const resources = await renderUsers(manager, rows.map(toMemberRecord), baseUrl, query.shape);

  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: Number(total),
    startIndex: query.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
