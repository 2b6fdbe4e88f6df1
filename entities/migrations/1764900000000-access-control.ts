import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Break-glass owners' local credentials, failure counters for throttling sign-ins, list indexes,
 * and the issuer of each API key.
 */
const UP = [
  `CREATE TABLE break_glass_credentials (
    member_id uuid PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email text NOT NULL,
    password_hash text NOT NULL,
    totp_secret_encrypted text NOT NULL,
    totp_last_step bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX break_glass_org_email_key ON break_glass_credentials (org_id, lower(email))`,
  // One row per throttled key (an account or an IP). Kept in the database so every instance
  // counts the same failures.
  `CREATE TABLE sign_in_throttle (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    locked_until timestamptz
  )`,
  `CREATE INDEX api_keys_org_idx ON api_keys (org_id, created_at, id)`,
  `CREATE INDEX invitations_org_created_idx ON invitations (org_id, created_at, id)`,
  `CREATE INDEX audit_events_org_action_idx ON audit_events (org_id, action, seq)`,
  // Who issued each key, so the keys a member handed out die with them (DESIGN rule 3). Null
  // for keys made outside the admin API.
  `ALTER TABLE api_keys ADD COLUMN issued_by_member_id uuid REFERENCES members (id)`,
  `CREATE INDEX api_keys_issuer_idx ON api_keys (issued_by_member_id)`,
];

const DOWN = [
  'DROP INDEX api_keys_issuer_idx',
  'ALTER TABLE api_keys DROP COLUMN issued_by_member_id',
  'DROP INDEX audit_events_org_action_idx',
  'DROP INDEX invitations_org_created_idx',
  'DROP INDEX api_keys_org_idx',
  'DROP TABLE sign_in_throttle',
  'DROP TABLE break_glass_credentials',
];

export class AccessControl1764900000000 implements MigrationInterface {
  name = 'AccessControl1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
