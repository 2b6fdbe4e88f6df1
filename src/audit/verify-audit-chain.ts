import type { DataSource } from 'typeorm';

import { GENESIS_HASH, hashAuditEvent } from './audit-chain.js';

export interface ChainReport {
  ok: boolean;
  events: number;
  /** The first sequence number whose row does not match the chain, when `ok` is false. */
  brokenAt?: string;
  reason?: string;
}

const PAGE = 1000;

/** Walks an organization's trail in order, recomputing each hash; stops at the first break. */
export async function verifyAuditChain(db: DataSource, orgId: string): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let events = 0;

  for (;;) {
    const rows = await db.query(
      // Ordered by the bigint column, not by its text alias (text would put 10 before 9).
      `SELECT a.seq::text AS seq, a.actor_type, a.actor_id, a.action, a.target_type, a.target_id,
              a.payload, a.request_id, a.ip, a.user_agent, a.created_at, a.prev_hash, a.hash
         FROM audit_events a WHERE a.org_id = $1 AND a.seq >= $2 ORDER BY a.seq LIMIT ${PAGE}`,
      [orgId, expectedSeq.toString()],
    );
    for (const row of rows) {
      if (BigInt(row.seq) !== expectedSeq) {
        return { ok: false, events, brokenAt: String(expectedSeq), reason: 'missing event' };
      }
      const fields = {
        orgId,
        seq: row.seq,
        actorType: row.actor_type,
        actorId: row.actor_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        payload: row.payload,
        requestId: row.request_id,
        ip: row.ip,
        userAgent: row.user_agent,
        createdAt: new Date(row.created_at),
      };
      if (row.prev_hash !== prevHash || hashAuditEvent(prevHash, fields) !== row.hash) {
        return { ok: false, events, brokenAt: row.seq, reason: 'hash mismatch' };
      }
      prevHash = row.hash;
      expectedSeq += 1n;
      events += 1;
    }
    if (rows.length < PAGE) return { ok: true, events };
  }
}
