import type { EntityManager } from 'typeorm';

import type { AuditEventInput } from '../audit/record-audit-event.js';
import { EVENT_TYPE_OF_ACTION } from './event-types.js';

/** What an event tells the application about a member, read inside the change's transaction. */
const MEMBER_SNAPSHOT = `
  SELECT m.id, m.user_name AS "userName", m.external_id AS "externalId", m.status,
         r.name AS role,
         (SELECT e->>'value' FROM jsonb_array_elements(m.emails) e
           ORDER BY (e->'primary' = 'true'::jsonb) DESC NULLS LAST LIMIT 1) AS email
    FROM members m JOIN roles r ON r.id = m.role_id
   WHERE m.id = $1 AND m.org_id = $2`;

// The caller (recordAuditEvent) holds the organization's advisory lock until commit, so max + 1
// is race-free and commit order equals seq order; the unique key is the backstop.
const INSERT_EVENT = `
  INSERT INTO outbox (org_id, seq, type, payload, created_at)
  SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM outbox WHERE org_id = $1
  RETURNING id, seq::text AS seq`;

// One delivery per enabled endpoint that wants this type; a disabled endpoint gets nothing new.
const FAN_OUT = `
  INSERT INTO webhook_deliveries (org_id, endpoint_id, event_id, seq, next_attempt_at,
                                  created_at, updated_at)
  SELECT $1, e.id, $2, $3, $4, $4, $4 FROM webhook_endpoints e
   WHERE e.org_id = $1 AND e.enabled
     AND (cardinality(e.event_types) = 0 OR $5 = ANY(e.event_types))`;

// TODO(outbox-retention): events and their delivery rows are kept for ever (the replay reads
// them); pruning old delivered rows needs an operator setting for how far back replay reaches.

/**
 * Writes the outbox row of an audited change, and its deliveries, in the change's transaction:
 * the event exists if and only if the change committed. Only actions of EVENT_TYPE_OF_ACTION
 * make an event. Must run while the organization's audit lock is held (see recordAuditEvent).
 */
export async function recordOutboxEvent(
  manager: EntityManager,
  input: AuditEventInput,
): Promise<void> {
  const type = EVENT_TYPE_OF_ACTION[input.action];
  if (type === undefined) return;

  const payload = {
    target: input.target ?? null,
    actor: { type: input.actor.type, id: input.actor.id },
    details: input.payload ?? {},
    member: await memberSnapshot(manager, input),
  };
  const [event] = await manager.query(INSERT_EVENT, [
    input.orgId,
    type,
    JSON.stringify(payload),
    input.at,
  ]);
  await manager.query(FAN_OUT, [input.orgId, event.id, event.seq, input.at, type]);
}

async function memberSnapshot(manager: EntityManager, input: AuditEventInput) {
  if (input.target?.type !== 'member') return null;
  const [row] = await manager.query(MEMBER_SNAPSHOT, [input.target.id, input.orgId]);
  return row ?? null;
}
