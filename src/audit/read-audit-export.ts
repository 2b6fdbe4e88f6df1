import type { EntityManager } from 'typeorm';

import type { AuditEventFilters } from './audit-event-query.js';
import { auditEventConditions } from './audit-event-sql.js';
import { AUDIT_EVENT_COLUMNS, toExportedAuditEvent } from './audit-event-view.js';

export const EXPORT_PAGE = 500;

/**
 * An organization's matching events, oldest first, one page of rows at a time, so an export of
 * any length holds at most one page in memory. `throughSeq` fixes the end of the export: events
 * appended while it streams belong to the next export.
 */
export async function* readAuditExport(
  manager: EntityManager,
  orgId: string,
  filters: AuditEventFilters,
  throughSeq: string,
): AsyncGenerator<ReturnType<typeof toExportedAuditEvent>[]> {
  let afterSeq = '0';
  for (;;) {
    const where = auditEventConditions(orgId, filters);
    where.add((p) => `a.seq > ${p}::bigint`, afterSeq);
    where.add((p) => `a.seq <= ${p}::bigint`, throughSeq);
    const rows = await manager.query(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events a WHERE ${where.conditions.join(' AND ')}
        ORDER BY a.seq LIMIT ${EXPORT_PAGE}`,
      where.params,
    );
    if (rows.length > 0) yield rows.map(toExportedAuditEvent);
    if (rows.length < EXPORT_PAGE) return;
    afterSeq = rows[rows.length - 1].seq;
  }
}
