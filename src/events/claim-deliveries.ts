import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { rowsOf } from '../db/query-rows.js';
import { runTransaction } from '../db/run-transaction.js';
import { EVENT_COLUMNS } from './list-events.js';

/**
 * The heads of the endpoints' queues that are due: pending, due, not leased (or the lease ran
 * out: its worker died), and with no earlier pending delivery to the same endpoint — which keeps
 * an endpoint's events in order, a retrying one holding back those behind it. `FOR UPDATE SKIP
 * LOCKED` lets several workers claim at once without waiting on, or taking, each other's rows.
 */
const CLAIM = `
  WITH heads AS (
    SELECT d.id FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND e.enabled
       AND (d.leased_until IS NULL OR d.leased_until <= $1)
       AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries p
          WHERE p.endpoint_id = d.endpoint_id AND p.status = 'pending' AND p.seq < d.seq)
     ORDER BY d.next_attempt_at, d.seq
     LIMIT $2
     FOR UPDATE OF d SKIP LOCKED
  )
  UPDATE webhook_deliveries d
     SET lease_id = $3, leased_until = $4, attempts = d.attempts + 1, updated_at = $1
    FROM heads, webhook_endpoints e, outbox o
   WHERE d.id = heads.id AND e.id = d.endpoint_id AND o.id = d.event_id
  RETURNING d.id AS "deliveryId", d.attempts, e.id AS "endpointId", e.url,
            e.secret_encrypted AS "secretEncrypted", ${EVENT_COLUMNS}`;

export interface ClaimedDelivery {
  deliveryId: string;
  leaseId: string;
  attempts: number;
  endpointId: string;
  url: string;
  secretEncrypted: string;
  event: Record<string, unknown>;
}

/**
 * Leases up to `limit` due deliveries to this worker until `leaseUntil`. The lease is committed
 * before any request is sent, so no transaction stays open across the network and another
 * worker skips these rows until they are finished or the lease expires.
 */
export async function claimDueDeliveries(
  db: DataSource,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const leaseId = randomUUID();
  const rows: Record<string, unknown>[] = await runTransaction(db, (manager) =>
    manager.query(CLAIM, [now, limit, leaseId, leaseUntil]).then(rowsOf),
  );
  return rows.map((row) => ({
    deliveryId: row.deliveryId as string,
    leaseId,
    attempts: Number(row.attempts),
    endpointId: row.endpointId as string,
    url: row.url as string,
    secretEncrypted: row.secretEncrypted as string,
    event: row,
  }));
}
