import { createHash } from 'node:crypto';

/** The fields of an audit row that its hash covers, in a fixed order. */
export interface ChainedFields {
  orgId: string;
  seq: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  payload: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

/** The `prev_hash` of an organization's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the previous hash and the row's fields. Changing, removing or reordering any row
 * breaks every hash after it, which `audit verify` detects.
 */
export function hashAuditEvent(prevHash: string, fields: ChainedFields): string {
  const canonical = JSON.stringify([
    fields.orgId,
    fields.seq,
    fields.actorType,
    fields.actorId,
    fields.action,
    fields.targetType,
    fields.targetId,
    sortKeys(fields.payload),
    fields.requestId,
    fields.ip,
    fields.userAgent,
    fields.createdAt.toISOString(),
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

function sortKeys(payload: Record<string, unknown>): [string, unknown][] {
  return Object.keys(payload)
    .sort()
    .map((key) => [key, payload[key]]);
}
