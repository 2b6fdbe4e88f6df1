import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole domain at the first release. Written by hand so that Postgres and PGlite run exactly
 * the same statements; `gen_random_uuid()` is built into Postgres 13+, so no extension is needed.
 */
const UP = [
  `CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    slug text NOT NULL,
    security jsonb NOT NULL,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_slug_key UNIQUE (slug)
  )`,
  `CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE roles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL,
    builtin boolean NOT NULL,
    permissions text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX roles_org_name_key ON roles (org_id, lower(name))`,
  `CREATE TABLE scim_connections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL,
    last_used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX scim_connections_org_idx ON scim_connections (org_id)`,
  `CREATE TABLE scim_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    connection_id uuid NOT NULL REFERENCES scim_connections (id) ON DELETE CASCADE,
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    secret_hash text NOT NULL,
    hash_key_id text NOT NULL,
    expires_at timestamptz,
    last_used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX scim_tokens_connection_idx ON scim_tokens (connection_id)`,
  `CREATE TABLE members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id uuid REFERENCES users (id),
    role_id uuid NOT NULL REFERENCES roles (id),
    status text NOT NULL CHECK (status IN ('active', 'suspended', 'deprovisioned')),
    source text NOT NULL CHECK (source IN ('scim', 'sso_jit', 'invitation', 'bootstrap')),
    scim_connection_id uuid REFERENCES scim_connections (id) ON DELETE SET NULL,
    user_name text NOT NULL,
    external_id text,
    display_name text,
    name_formatted text,
    name_family_name text,
    name_given_name text,
    name_middle_name text,
    name_honorific_prefix text,
    name_honorific_suffix text,
    nick_name text,
    profile_url text,
    title text,
    user_type text,
    preferred_language text,
    locale text,
    timezone text,
    emails jsonb NOT NULL DEFAULT '[]'::jsonb,
    phone_numbers jsonb NOT NULL DEFAULT '[]'::jsonb,
    ims jsonb NOT NULL DEFAULT '[]'::jsonb,
    photos jsonb NOT NULL DEFAULT '[]'::jsonb,
    addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
    entitlements jsonb NOT NULL DEFAULT '[]'::jsonb,
    scim_roles jsonb NOT NULL DEFAULT '[]'::jsonb,
    x509_certificates jsonb NOT NULL DEFAULT '[]'::jsonb,
    employee_number text,
    cost_center text,
    organization_name text,
    division text,
    department text,
    manager_id uuid REFERENCES members (id) ON DELETE SET NULL,
    password_hash text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  // userName is caseExact=false (RFC 7643 §4.1.1): uniqueness ignores case. A deleted member
  // keeps its row for the audit trail but frees its userName and externalId for re-provisioning.
  `CREATE UNIQUE INDEX members_org_user_name_key
    ON members (org_id, lower(user_name)) WHERE deleted_at IS NULL`,
  `CREATE UNIQUE INDEX members_org_external_id_key
    ON members (org_id, external_id) WHERE deleted_at IS NULL AND external_id IS NOT NULL`,
  `CREATE INDEX members_org_created_idx ON members (org_id, created_at, id)`,
  `CREATE INDEX members_role_idx ON members (role_id)`,
  `CREATE TABLE teams (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    display_name text NOT NULL,
    external_id text,
    scim_connection_id uuid REFERENCES scim_connections (id) ON DELETE SET NULL,
    mapped_role_id uuid REFERENCES roles (id),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX teams_org_display_name_key ON teams (org_id, lower(display_name))`,
  `CREATE UNIQUE INDEX teams_org_external_id_key
    ON teams (org_id, external_id) WHERE external_id IS NOT NULL`,
  `CREATE INDEX teams_org_created_idx ON teams (org_id, created_at, id)`,
  `CREATE TABLE team_members (
    team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, member_id)
  )`,
  `CREATE INDEX team_members_member_idx ON team_members (member_id)`,
  `CREATE TABLE invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email text NOT NULL,
    role_id uuid NOT NULL REFERENCES roles (id),
    invited_by_member_id uuid NOT NULL REFERENCES members (id),
    status text NOT NULL CHECK (status IN ('pending', 'accepted', 'canceled')),
    token_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX invitations_inviter_idx ON invitations (invited_by_member_id)`,
  `CREATE INDEX invitations_org_email_idx ON invitations (org_id, lower(email))`,
  `CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members (id),
    name text NOT NULL,
    prefix text NOT NULL,
    secret_hash text NOT NULL,
    hash_key_id text NOT NULL,
    permissions text[],
    expires_at timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_reason text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX api_keys_member_idx ON api_keys (member_id)`,
  `CREATE TABLE sso_connections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    protocol text NOT NULL CHECK (protocol IN ('saml', 'oidc')),
    name text NOT NULL,
    enabled boolean NOT NULL DEFAULT false,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    encrypted_secret text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX sso_connections_org_idx ON sso_connections (org_id)`,
  `CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_hash text NOT NULL,
    method text NOT NULL CHECK (method IN ('sso_saml', 'sso_oidc', 'break_glass')),
    mfa_evidence jsonb NOT NULL DEFAULT '[]'::jsonb,
    authenticated_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    idle_expires_at timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
  )`,
  `CREATE INDEX sessions_member_idx ON sessions (member_id)`,
  `CREATE TABLE audit_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id),
    seq bigint NOT NULL,
    actor_type text NOT NULL
      CHECK (actor_type IN ('member', 'api_key', 'scim_connection', 'operator', 'system')),
    actor_id text,
    action text NOT NULL,
    target_type text,
    target_id text,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    request_id text,
    ip text,
    user_agent text,
    created_at timestamptz NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    CONSTRAINT audit_events_org_seq_key UNIQUE (org_id, seq)
  )`,
  `CREATE INDEX audit_events_org_created_idx ON audit_events (org_id, created_at, seq)`,
  // The trail is append-only at the database, not only in code: an UPDATE or DELETE by any
  // client, including a compromised application, fails.
  `CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
    END
  $$`,
  `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`,
  `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`,
];

const DOWN = [
  'DROP TABLE audit_events',
  'DROP FUNCTION audit_events_refuse_change',
  'DROP TABLE sessions',
  'DROP TABLE sso_connections',
  'DROP TABLE api_keys',
  'DROP TABLE invitations',
  'DROP TABLE team_members',
  'DROP TABLE teams',
  'DROP TABLE members',
  'DROP TABLE scim_tokens',
  'DROP TABLE scim_connections',
  'DROP TABLE roles',
  'DROP TABLE users',
  'DROP TABLE organizations',
];

export class InitialSchema1764800000000 implements MigrationInterface {
  name = 'InitialSchema1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
