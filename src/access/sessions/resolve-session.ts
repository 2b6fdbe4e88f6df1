import type { DataSource } from 'typeorm';

import { isUuid } from '../../db/uuid.js';
import type { Keyring } from '../../secrets/keyring.js';
import { verifySecret } from '../../secrets/tokens.js';
import type { SessionPrincipal } from '../principal.js';
import { permissionsOfRole } from '../role-permissions.js';

/** Idle expiry and `last_seen_at` move at most this often, so reads do not each write. */
const TOUCH_RESOLUTION_MS = 60 * 1000;

/**
 * Resolves a session cookie: lookup by session id, constant-time comparison of the keyed hash,
 * both expiries, and a member who is still active. The role's permissions are read on every
 * request, so a change to a role applies at the next request.
 */
export async function resolveSession(
  db: DataSource,
  keyring: Keyring,
  cookieValue: string,
  now: Date,
): Promise<SessionPrincipal | undefined> {
  const [id, secret] = cookieValue.split('.');
  if (!isUuid(id) || !secret || !/^[0-9a-f]{64}$/.test(secret)) return undefined;

  const [row] = await db.query(
    `SELECT s.id, s.org_id, s.member_id, s.token_hash, s.method, s.authenticated_at,
            s.last_seen_at, s.idle_expires_at, s.absolute_expires_at, o.security,
            r.id AS role_id, r.name AS role_name, r.builtin, r.permissions
       FROM sessions s
       JOIN members m ON m.id = s.member_id
       JOIN roles r ON r.id = m.role_id
       JOIN organizations o ON o.id = s.org_id
      WHERE s.id = $1 AND m.status = 'active' AND m.deleted_at IS NULL`,
    [id],
  );
  if (!row) return undefined;
  const [hashKeyId, secretHash] = String(row.token_hash).split(':');
  if (!verifySecret(keyring, { hashKeyId: hashKeyId!, secretHash: secretHash! }, secret)) {
    return undefined;
  }
  const t = now.getTime();
  if (t >= new Date(row.idle_expires_at).getTime()) return undefined;
  if (t >= new Date(row.absolute_expires_at).getTime()) return undefined;

  await touchSession(db, row, now);
  return {
    kind: 'session',
    orgId: row.org_id,
    memberId: row.member_id,
    roleId: row.role_id,
    roleName: row.role_name,
    permissions: permissionsOfRole({
      name: row.role_name,
      builtin: row.builtin,
      permissions: row.permissions,
    }),
    sessionId: row.id,
    method: row.method,
    authenticatedAt: new Date(row.authenticated_at),
  };
}

async function touchSession(
  db: DataSource,
  row: {
    id: string;
    last_seen_at: string;
    absolute_expires_at: string;
    security: { sessionIdleMinutes: number };
  },
  now: Date,
): Promise<void> {
  if (now.getTime() - new Date(row.last_seen_at).getTime() < TOUCH_RESOLUTION_MS) return;
  const idle = now.getTime() + Number(row.security.sessionIdleMinutes) * 60_000;
  const idleExpiresAt = new Date(Math.min(idle, new Date(row.absolute_expires_at).getTime()));
  await db.query('UPDATE sessions SET last_seen_at = $2, idle_expires_at = $3 WHERE id = $1', [
    row.id,
    now,
    idleExpiresAt,
  ]);
}
