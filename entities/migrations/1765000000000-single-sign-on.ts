import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on: connection revisions and test state, SP signing keys, sign-in flows held in the
 * database (so any instance can finish a login another started), the SAML assertion replay cache,
 * links between IdP subjects and members, and verified email domains for home-realm discovery.
 */
const UP = [
  // `revision` grows with every configuration edit; only a successful test of the current
  // revision lets a connection be enabled.
  `ALTER TABLE sso_connections
     ADD COLUMN revision integer NOT NULL DEFAULT 1,
     ADD COLUMN tested_revision integer,
     ADD COLUMN tested_at timestamptz,
     ADD COLUMN sp_private_key_encrypted text,
     ADD COLUMN sp_certificate text,
     ADD COLUMN metadata_refreshed_at timestamptz,
     ADD COLUMN metadata_error text`,
  `CREATE TABLE sso_flows (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
    connection_revision integer NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('sign_in', 'step_up', 'test')),
    browser_hash text NOT NULL,
    session_id uuid REFERENCES sessions (id) ON DELETE CASCADE,
    actor_member_id uuid REFERENCES members (id) ON DELETE CASCADE,
    saml_request_id text,
    oidc_state_hash text,
    secrets_encrypted text,
    return_to text,
    force_authn boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz
  )`,
  `CREATE UNIQUE INDEX sso_flows_saml_request_key ON sso_flows (connection_id, saml_request_id)
     WHERE saml_request_id IS NOT NULL`,
  `CREATE UNIQUE INDEX sso_flows_oidc_state_key ON sso_flows (oidc_state_hash)
     WHERE oidc_state_hash IS NOT NULL`,
  `CREATE INDEX sso_flows_expires_idx ON sso_flows (expires_at)`,
  // Assertion ids seen on one connection, kept until the assertion could no longer be accepted.
  `CREATE TABLE sso_assertion_ids (
    connection_id uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
    assertion_id text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (connection_id, assertion_id)
  )`,
  `CREATE INDEX sso_assertion_ids_expires_idx ON sso_assertion_ids (expires_at)`,
  `CREATE TABLE sso_identities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
    subject text NOT NULL,
    member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    last_sign_in_at timestamptz,
    CONSTRAINT sso_identities_subject_key UNIQUE (connection_id, subject)
  )`,
  `CREATE INDEX sso_identities_member_idx ON sso_identities (member_id)`,
  // A domain routes `/sso/start?email=` only once verified, and to one organization only.
  `CREATE TABLE sso_domains (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id uuid REFERENCES sso_connections (id) ON DELETE SET NULL,
    domain text NOT NULL,
    verification_token text NOT NULL,
    verified_at timestamptz,
    created_at timestamptz NOT NULL
  )`,
  `CREATE UNIQUE INDEX sso_domains_org_domain_key ON sso_domains (org_id, domain)`,
  `CREATE UNIQUE INDEX sso_domains_verified_key ON sso_domains (domain)
     WHERE verified_at IS NOT NULL`,
  // Which connection a session came through, for step-up and SAML single logout.
  `ALTER TABLE sessions
     ADD COLUMN sso_connection_id uuid REFERENCES sso_connections (id) ON DELETE SET NULL,
     ADD COLUMN sso_session_index text,
     ADD COLUMN sso_name_id text`,
  // The NameID's Format too: a LogoutRequest must name the principal as the assertion did
  // (SAML Core §3.7.1), and IdPs look the session up by value and Format.
  'ALTER TABLE sessions ADD COLUMN sso_name_id_format text',
];

const DOWN = [
  'ALTER TABLE sessions DROP COLUMN sso_name_id_format',
  `ALTER TABLE sessions DROP COLUMN sso_name_id, DROP COLUMN sso_session_index,
     DROP COLUMN sso_connection_id`,
  'DROP TABLE sso_domains',
  'DROP TABLE sso_identities',
  'DROP TABLE sso_assertion_ids',
  'DROP TABLE sso_flows',
  `ALTER TABLE sso_connections DROP COLUMN metadata_error, DROP COLUMN metadata_refreshed_at,
     DROP COLUMN sp_certificate, DROP COLUMN sp_private_key_encrypted, DROP COLUMN tested_at,
     DROP COLUMN tested_revision, DROP COLUMN revision`,
];

export class SingleSignOn1765000000000 implements MigrationInterface {
  name = 'SingleSignOn1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
