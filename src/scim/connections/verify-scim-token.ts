import type { DataSource } from 'typeorm';

import type { Keyring } from '../../secrets/keyring.js';
import { parseToken, verifySecret } from '../../secrets/tokens.js';
import { SCIM_TOKEN_PREFIX } from './scim-token-format.js';

/** The directory a valid token speaks for. */
export interface ScimPrincipal {
  orgId: string;
  connectionId: string;
  tokenId: string;
}

/** `last_used_at` is written at most this often, so reads do not each become a write. */
const LAST_USED_RESOLUTION_MS = 60 * 1000;

/**
 * Resolves a presented bearer token to its connection: lookup by the token id, then a
 * constant-time comparison of keyed hashes. Every failure is the same `undefined`, so a caller
 * learns nothing about which part was wrong.
 */
export async function verifyScimToken(
  db: DataSource,
  keyring: Keyring,
  presented: string,
  now: Date,
): Promise<ScimPrincipal | undefined> {
  const parsed = parseToken(SCIM_TOKEN_PREFIX, presented);
  if (!parsed) return undefined;

  const [row] = await db.query(
    `SELECT t.id, t.org_id, t.connection_id, t.secret_hash, t.hash_key_id, t.expires_at,
            t.last_used_at
       FROM scim_tokens t WHERE t.id = $1`,
    [parsed.id],
  );
  if (!row) return undefined;
  if (
    !verifySecret(
      keyring,
      { hashKeyId: row.hash_key_id, secretHash: row.secret_hash },
      parsed.secret,
    )
  ) {
    return undefined;
  }
  if (row.expires_at !== null && new Date(row.expires_at).getTime() <= now.getTime()) {
    return undefined;
  }

  await touchLastUsed(db, row, now);
  return { orgId: row.org_id, connectionId: row.connection_id, tokenId: row.id };
}

async function touchLastUsed(
  db: DataSource,
  row: { id: string; connection_id: string; last_used_at: Date | string | null },
  now: Date,
): Promise<void> {
  const last = row.last_used_at === null ? 0 : new Date(row.last_used_at).getTime();
  if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
  await db.query('UPDATE scim_tokens SET last_used_at = $2 WHERE id = $1', [row.id, now]);
  await db.query('UPDATE scim_connections SET last_used_at = $2 WHERE id = $1', [
    row.connection_id,
    now,
  ]);
}
