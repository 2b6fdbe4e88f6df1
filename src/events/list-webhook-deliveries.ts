import type { EntityManager } from 'typeorm';

import type { WebhookDeliveryStatus } from '../../entities/webhook-delivery.js';
import { encodeEventCursor } from './events-cursor.js';
import { findWebhookEndpoint } from './webhook-endpoint-row.js';

const DELIVERY_COLUMNS = `d.id, d.event_id AS "eventId", o.type AS "eventType",
  d.seq::text AS seq, d.status, d.attempts, d.last_status AS "lastStatus",
  d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt",
  d.delivered_at AS "deliveredAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

function toDeliveryView(row: Record<string, unknown>) {
  const pending = row.status === 'pending';
  return {
    id: row.id as string,
    eventId: row.eventId as string,
    eventType: row.eventType as string,
    sequence: Number(row.seq),
    status: row.status as WebhookDeliveryStatus,
    attempts: Number(row.attempts),
    lastStatus: row.lastStatus === null ? null : Number(row.lastStatus),
    lastError: (row.lastError as string | null) ?? null,
    nextAttemptAt: pending ? iso(row.nextAttemptAt) : null,
    deliveredAt: iso(row.deliveredAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

/**
 * The delivery log of one endpoint, newest event first, optionally one status only: what was
 * sent, how often it was tried and why the last try failed. Pages are keyed on the event's
 * `seq` (unique per endpoint), not on `created_at`: events of one instant still list in the
 * order they were sent.
 */
export async function listWebhookDeliveries(
  manager: EntityManager,
  orgId: string,
  endpointId: string,
  query: { limit: number; beforeSeq?: string; status?: WebhookDeliveryStatus },
) {
  const endpoint = await findWebhookEndpoint(manager, orgId, endpointId);
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN outbox o ON o.id = d.event_id
      WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)
        AND ($3::bigint IS NULL OR d.seq < $3::bigint)
      ORDER BY d.seq DESC LIMIT $4`,
    [endpoint.id, query.status ?? null, query.beforeSeq ?? null, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return {
    data: page.map(toDeliveryView),
    nextCursor: more ? encodeEventCursor(String(page[page.length - 1]!.seq)) : null,
  };
}
