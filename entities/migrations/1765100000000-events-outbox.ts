import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events to the application: the outbox (one row per change, written in the change's own
 * transaction), the webhook endpoints an admin registers, and one delivery row per event and
 * endpoint, which is both the work queue of the delivery worker and the delivery log.
 */
const UP = [
  // `seq` counts per organization and is assigned under the organization's audit-chain lock,
  // which is held until commit: events become visible in `seq` order, so a replay cursor never
  // skips a row that commits later with a smaller number.
  `CREATE TABLE outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT outbox_org_seq_key UNIQUE (org_id, seq)
  )`,
  // `event_types` empty means every type. The secret is AES-256-GCM encrypted with the
  // context 'webhook_endpoints.secret:<id>' (it must be read back to sign).
  `CREATE TABLE webhook_endpoints (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url text NOT NULL,
    description text NOT NULL DEFAULT '',
    secret_encrypted text NOT NULL,
    event_types text[] NOT NULL DEFAULT '{}',
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE INDEX webhook_endpoints_org_created_idx ON webhook_endpoints (org_id, created_at, id)`,
  // A delivery is leased (lease_id, leased_until) by the worker that claimed it, so a request
  // in flight needs no open transaction and a crashed worker's lease simply runs out.
  `CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_id uuid,
    leased_until timestamptz,
    last_status integer,
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT webhook_deliveries_event_key UNIQUE (endpoint_id, event_id)
  )`,
  // The head of each endpoint's queue: the pending delivery with the smallest seq.
  `CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, seq)
     WHERE status = 'pending'`,
  `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
     WHERE status = 'pending'`,
  // The delivery log, newest first.
  `CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (endpoint_id, seq)`,
  `CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)`,
];

const DOWN = ['DROP TABLE webhook_deliveries', 'DROP TABLE webhook_endpoints', 'DROP TABLE outbox'];

export class EventsOutbox1765100000000 implements MigrationInterface {
  name = 'EventsOutbox1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
