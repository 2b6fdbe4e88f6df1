import { randomBytes } from 'node:crypto';

import type { TestApp } from './test-app.js';

/** Rows a member can act with, seeded directly so deprovisioning has something to revoke. */
export interface SeededCredentials {
  sessionId: string;
  apiKeyId: string;
  sentInvitationId: string;
  addressedInvitationId: string;
}

export async function seedCredentials(
  t: TestApp,
  orgId: string,
  memberId: string,
  email: string,
): Promise<SeededCredentials> {
  const now = t.clock.now();
  const later = new Date(now.getTime() + 3600_000);
  const [{ id: roleId }] = await t.db.query(
    "SELECT id FROM roles WHERE org_id = $1 AND name = 'member'",
    [orgId],
  );
  const [{ id: sessionId }] = await t.db.query(
    `INSERT INTO sessions (org_id, member_id, token_hash, method, authenticated_at, last_seen_at,
       idle_expires_at, absolute_expires_at)
     VALUES ($1, $2, $3, 'sso_oidc', $4, $4, $5, $5) RETURNING id`,
    [orgId, memberId, randomBytes(16).toString('hex'), now, later],
  );
  const [{ id: apiKeyId }] = await t.db.query(
    `INSERT INTO api_keys (org_id, member_id, name, prefix, secret_hash, hash_key_id, expires_at)
     VALUES ($1, $2, 'ci key', 'tsk_abcd', 'hash', 'test1', $3) RETURNING id`,
    [orgId, memberId, later],
  );
  const invite = async (to: string, inviter: string) => {
    const [{ id }] = await t.db.query(
      `INSERT INTO invitations (org_id, email, role_id, invited_by_member_id, status, token_hash,
         expires_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id`,
      [orgId, to, roleId, inviter, randomBytes(16).toString('hex'), later],
    );
    return id as string;
  };
  const sentInvitationId = await invite(`friend-of-${email}`, memberId);
  const [{ id: otherId }] = await t.db.query(
    `SELECT id FROM members WHERE org_id = $1 AND id <> $2 AND deleted_at IS NULL LIMIT 1`,
    [orgId, memberId],
  );
  const addressedInvitationId = await invite(email.toUpperCase(), otherId ?? memberId);
  return { sessionId, apiKeyId, sentInvitationId, addressedInvitationId };
}

/** The state of a member's credentials, read back after a change. */
export async function credentialState(t: TestApp, seeded: SeededCredentials) {
  const sessions = await t.db.query('SELECT id FROM sessions WHERE id = $1', [seeded.sessionId]);
  const [key] = await t.db.query('SELECT revoked_at, revoked_reason FROM api_keys WHERE id = $1', [
    seeded.apiKeyId,
  ]);
  const invitations = await t.db.query(
    'SELECT id, status FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id',
    [[seeded.sentInvitationId, seeded.addressedInvitationId]],
  );
  return {
    sessionExists: sessions.length === 1,
    keyRevoked: key.revoked_at !== null,
    keyReason: key.revoked_reason as string | null,
    invitationStatuses: invitations.map((i: { status: string }) => i.status).sort() as string[],
  };
}

export async function auditActions(t: TestApp, orgId: string, targetId?: string) {
  const rows = await t.db.query(
    `SELECT action FROM audit_events WHERE org_id = $1 AND ($2::text IS NULL OR target_id = $2)
      ORDER BY seq`,
    [orgId, targetId ?? null],
  );
  return rows.map((r: { action: string }) => r.action) as string[];
}
