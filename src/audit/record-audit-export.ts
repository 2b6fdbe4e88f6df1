import type { EntityManager } from 'typeorm';

import type { RequestContext } from '../ops/request-context.js';
import type { AuditEventFilters } from './audit-event-query.js';
import { recordAuditEvent, type AuditActor } from './record-audit-event.js';

/**
 * Records `organization.audit.exported` with the filters used (flat), in the caller's
 * transaction, and answers the sequence number the export runs through: the trail as it
 * stands at that commit, this event included.
 */
export async function recordAuditExport(
  manager: EntityManager,
  change: { orgId: string; actor: AuditActor; context: RequestContext; at: Date },
  filters: AuditEventFilters,
): Promise<string> {
  await recordAuditEvent(manager, {
    orgId: change.orgId,
    actor: change.actor,
    action: 'organization.audit.exported',
    target: { type: 'organization', id: change.orgId },
    payload: describeFilters(filters),
    context: change.context,
    at: change.at,
  });
  const [last] = await manager.query(
    'SELECT max(a.seq)::text AS seq FROM audit_events a WHERE a.org_id = $1',
    [change.orgId],
  );
  return last.seq;
}

function describeFilters(filters: AuditEventFilters): Record<string, string> {
  const payload: Record<string, string> = {};
  if (filters.action) {
    payload.action = 'exact' in filters.action ? filters.action.exact : `${filters.action.prefix}*`;
  }
  for (const key of ['actorType', 'actorId', 'targetType', 'targetId'] as const) {
    if (filters[key] !== undefined) payload[key] = filters[key];
  }
  if (filters.since) payload.since = filters.since.toISOString();
  if (filters.until) payload.until = filters.until.toISOString();
  return payload;
}
