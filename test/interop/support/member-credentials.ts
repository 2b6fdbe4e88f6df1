import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';

import type { TestApp } from '../../support/test-app.js';

const HOUR = 60 * 60 * 1000;

/** What a member could still act with: one row of each kind that deprovisioning must end. */
export interface SeededCredentials {
  sessionId: string;
  apiKeyId: string;
  /** An invitation the member sent, still pending. */
  sentInvitationId: string;
}

/**
 * Gives a member a live SSO session, an API key issued for them and a pending invitation they
 * sent, written with plain SQL so the test depends on the schema and not on the admin API.
 */
export async function seedCredentials(
  t: TestApp,
  orgId: string,
  memberId: string,
): Promise<SeededCredentials> {
  const now = t.clock.now();
  const later = (hours: number) => new Date(now.getTime() + hours * HOUR);

  const [session] = await t.db.query(
    `INSERT INTO sessions (org_id, member_id, token_hash, method, authenticated_at, last_seen_at,
                           idle_expires_at, absolute_expires_at)
     VALUES ($1, $2, $3, 'sso_oidc', $4, $4, $5, $6) RETURNING id`,
    [orgId, memberId, randomHex(), now, later(1), later(12)],
  );
  const [apiKey] = await t.db.query(
    `INSERT INTO api_keys (org_id, member_id, name, prefix, secret_hash, hash_key_id, expires_at)
     VALUES ($1, $2, 'ci deploy key', $3, $4, 'test1', $5) RETURNING id`,
    [orgId, memberId, `tsk_${randomHex(4)}`, randomHex(), later(24 * 90)],
  );
  const [role] = await t.db.query("SELECT id FROM roles WHERE org_id = $1 AND name = 'member'", [
    orgId,
  ]);
  const [invitation] = await t.db.query(
    `INSERT INTO invitations (org_id, email, role_id, invited_by_member_id, status, token_hash,
                              expires_at)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id`,
    [orgId, `guest-${randomHex(4)}@example.net`, role.id, memberId, randomHex(), later(24 * 7)],
  );
  return { sessionId: session.id, apiKeyId: apiKey.id, sentInvitationId: invitation.id };
}

export interface CredentialState {
  sessions: number;
  apiKeys: { id: string; revokedAt: Date | null; revokedReason: string | null }[];
  invitations: { id: string; status: string }[];
}

/** The member's sessions, API keys and sent invitations as the database holds them now. */
export async function readCredentials(t: TestApp, memberId: string): Promise<CredentialState> {
  const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE member_id = $1', [
    memberId,
  ]);
  const keys = await t.db.query(
    `SELECT id, revoked_at AS "revokedAt", revoked_reason AS "revokedReason"
       FROM api_keys WHERE member_id = $1 ORDER BY created_at, id`,
    [memberId],
  );
  const invitations = await t.db.query(
    `SELECT id, status FROM invitations WHERE invited_by_member_id = $1 ORDER BY created_at, id`,
    [memberId],
  );
  return {
    sessions: n,
    apiKeys: keys.map((k: CredentialState['apiKeys'][number]) => ({
      ...k,
      revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt),
    })),
    invitations,
  };
}

export interface AuditRow {
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  payload: Record<string, unknown>;
  userAgent: string | null;
}

/** The organization's newest audit sequence number, to read what one step wrote afterwards. */
export async function auditMark(t: TestApp, orgId: string): Promise<string> {
  const [row] = await t.db.query(
    'SELECT COALESCE(max(seq), 0)::text AS seq FROM audit_events WHERE org_id = $1',
    [orgId],
  );
  return row.seq;
}

/** The audit events written after `mark`, oldest first. */
export async function auditSince(t: TestApp, orgId: string, mark: string): Promise<AuditRow[]> {
  return t.db.query(
    `SELECT action, actor_type AS "actorType", actor_id AS "actorId",
            target_type AS "targetType", target_id AS "targetId", payload,
            user_agent AS "userAgent"
       FROM audit_events WHERE org_id = $1 AND seq > $2::bigint ORDER BY seq`,
    [orgId, mark],
  );
}

/** A member row's lifecycle columns. */
export async function memberRow(t: TestApp, memberId: string) {
  const [row] = await t.db.query(
    `SELECT m.status, m.source, m.user_name AS "userName", m.external_id AS "externalId",
            m.scim_connection_id AS "scimConnectionId", m.deleted_at AS "deletedAt",
            m.version, r.name AS "roleName"
       FROM members m JOIN roles r ON r.id = m.role_id WHERE m.id = $1`,
    [memberId],
  );
  return row;
}

/** Member ids of a team, sorted, from the join table. */
export async function teamMemberIds(t: TestApp, teamId: string): Promise<string[]> {
  const rows = await t.db.query(
    'SELECT member_id FROM team_members WHERE team_id = $1 ORDER BY member_id',
    [teamId],
  );
  return rows.map((r: { member_id: string }) => r.member_id);
}

function randomHex(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Rule 3 after a deprovisioning at `at`: the seeded session is gone, the API key is revoked for
 * `member_deprovisioned` at that instant, and the invitation the member sent is canceled.
 */
export async function expectCredentialsRevoked(
  t: TestApp,
  memberId: string,
  seeded: SeededCredentials,
  at: Date,
): Promise<void> {
  const state = await readCredentials(t, memberId);
  expect(state.sessions).toBe(0);
  expect(state.apiKeys).toContainEqual({
    id: seeded.apiKeyId,
    revokedAt: at,
    revokedReason: 'member_deprovisioned',
  });
  expect(state.invitations).toContainEqual({ id: seeded.sentInvitationId, status: 'canceled' });
}
