import type { EntityManager } from 'typeorm';

import { encodeEventCursor } from './events-cursor.js';

export interface EventView {
  id: string;
  type: string;
  organizationId: string;
  sequence: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The body a webhook receives and a replay returns, so both read the same. */
export function toEventView(row: Record<string, unknown>): EventView {
  return {
    id: row.id as string,
    type: row.type as string,
    organizationId: row.orgId as string,
    sequence: Number(row.seq),
    occurredAt: new Date(row.createdAt as string).toISOString(),
    data: row.payload as Record<string, unknown>,
  };
}

export const EVENT_COLUMNS = `o.id, o.type, o.org_id AS "orgId", o.seq::text AS seq,
  o.created_at AS "createdAt", o.payload`;

/**
 * Replay: the organization's events after a position, oldest first. `seq` is assigned in commit
 * order per organization, so a client that stores `nextCursor` and comes back later misses
 * nothing and sees nothing twice. `nextCursor` is the position after this page even when it is
 * the last one, so the client can poll from it.
 */
export async function listEvents(
  manager: EntityManager,
  orgId: string,
  query: { afterSeq: string; limit: number },
) {
  const rows = await manager.query(
    `SELECT ${EVENT_COLUMNS} FROM outbox o WHERE o.org_id = $1 AND o.seq > $2::bigint
      ORDER BY o.seq LIMIT $3`,
    [orgId, query.afterSeq, query.limit + 1],
  );
  const page = rows.slice(0, query.limit) as Record<string, unknown>[];
  const last = page[page.length - 1];
  return {
    data: page.map(toEventView),
    nextCursor: encodeEventCursor(last ? String(last.seq) : query.afterSeq),
    hasMore: rows.length > query.limit,
  };
}
