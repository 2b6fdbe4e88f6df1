import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import type { AuditActorType } from '../../entities/audit-event.js';
import { recordOutboxEvent } from '../events/record-outbox-event.js';
import type { RequestContext } from '../ops/request-context.js';
import { noteAuditAlert } from './alert-on-audit-events.js';
import { GENESIS_HASH, hashAuditEvent } from './audit-chain.js';

/** Who did it: a member, an API key, a SCIM connection, the operator CLI, or Tessera itself. */
export interface AuditActor {
  type: AuditActorType;
  id: string | null;
}

export interface AuditEventInput {
  orgId: string;
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  /** Flat facts (ids, roles, emails). Never a secret. */
  payload?: Record<string, string | number | boolean | null>;
  context?: Partial<RequestContext>;
  at: Date;
}

/**
 * Appends one event to its organization's chain, inside the caller's transaction, so the event
 * exists if and only if the change it records does. A transaction-scoped advisory lock per
 * organization orders concurrent appends; it is released at commit or rollback.
 */
export async function recordAuditEvent(manager: EntityManager, input: AuditEventInput) {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [input.orgId]);
  const [last] = await manager.query(
    `SELECT a.seq::text AS seq, a.hash FROM audit_events a
      WHERE a.org_id = $1 ORDER BY a.seq DESC LIMIT 1`,
    [input.orgId],
  );

  const fields = {
    orgId: input.orgId,
    seq: String(last ? BigInt(last.seq) + 1n : 1n),
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    payload: input.payload ?? {},
    requestId: input.context?.requestId ?? null,
    ip: input.context?.ip ?? null,
    userAgent: input.context?.userAgent ?? null,
    createdAt: input.at,
  };
  const prevHash: string = last?.hash ?? GENESIS_HASH;
  const hash = hashAuditEvent(prevHash, fields);

  await manager.query(
    `INSERT INTO audit_events (id, org_id, seq, actor_type, actor_id, action, target_type,
       target_id, payload, request_id, ip, user_agent, created_at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      randomUUID(),
      fields.orgId,
      fields.seq,
      fields.actorType,
      fields.actorId,
      fields.action,
      fields.targetType,
      fields.targetId,
      JSON.stringify(fields.payload),
      fields.requestId,
      fields.ip,
      fields.userAgent,
      fields.createdAt,
      prevHash,
      hash,
    ],
  );
  // Events to the application ride on the audit event: same transaction, same lock, so every
  // audited change that matters to an application is in the outbox if and only if it commits.
  await recordOutboxEvent(manager, input);
  noteAuditAlert(manager, {
    action: input.action,
    actor: input.actor,
    targetId: input.target?.id ?? null,
  });
}
