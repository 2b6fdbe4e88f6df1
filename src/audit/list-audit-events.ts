import type { EntityManager } from 'typeorm';

import { encodeAuditCursor } from './audit-cursor.js';
import type { AuditEventFilters } from './audit-event-query.js';
import { auditEventConditions } from './audit-event-sql.js';
import { AUDIT_EVENT_COLUMNS, toAuditEventView, type AuditEventRow } from './audit-event-view.js';

export interface AuditEventPage {
  data: ReturnType<typeof toAuditEventView>[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of an organization's events, newest first. Keyset paging on `seq` (unique per
 * organization) stays correct while events are appended, and each page is an index range scan.
 */
export async function listAuditEvents(
  manager: EntityManager,
  orgId: string,
  query: { filters: AuditEventFilters; limit: number; before?: string },
): Promise<AuditEventPage> {
  const where = auditEventConditions(orgId, query.filters);
  if (query.before !== undefined) where.add((p) => `a.seq < ${p}::bigint`, query.before);

  const rows: AuditEventRow[] = await manager.query(
    `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events a WHERE ${where.conditions.join(' AND ')}
      ORDER BY a.seq DESC LIMIT ${query.limit + 1}`,
    where.params,
  );
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return {
    data: page.map(toAuditEventView),
    nextCursor: more ? encodeAuditCursor(page[page.length - 1]!.seq) : null,
  };
}
