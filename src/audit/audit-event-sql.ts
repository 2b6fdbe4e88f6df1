import type { AuditEventFilters } from './audit-event-query.js';

/**
 * `WHERE` conditions for an organization's events, with their parameters numbered from $1;
 * `add` appends one more condition on a further parameter.
 */
export function auditEventConditions(orgId: string, filters: AuditEventFilters) {
  const conditions = ['a.org_id = $1'];
  const params: unknown[] = [orgId];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };

  if (filters.action && 'exact' in filters.action)
    add((p) => `a.action = ${p}`, filters.action.exact);
  if (filters.action && 'prefix' in filters.action) {
    // LIKE treats `_` and `%` as wildcards; escaped, the prefix matches only itself.
    const literal = filters.action.prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    add((p) => `a.action LIKE ${p}`, `${literal}%`);
  }
  if (filters.actorType) add((p) => `a.actor_type = ${p}`, filters.actorType);
  if (filters.actorId) add((p) => `a.actor_id = ${p}`, filters.actorId);
  if (filters.targetType) add((p) => `a.target_type = ${p}`, filters.targetType);
  if (filters.targetId) add((p) => `a.target_id = ${p}`, filters.targetId);
  if (filters.since) add((p) => `a.created_at >= ${p}`, filters.since);
  if (filters.until) add((p) => `a.created_at < ${p}`, filters.until);
  return { conditions, params, add };
}
