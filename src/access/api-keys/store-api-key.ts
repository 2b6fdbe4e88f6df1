import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import type { Keyring } from '../../secrets/keyring.js';
import { formatToken, generateSecret, hashSecret } from '../../secrets/tokens.js';
import { API_KEY_PREFIX, displayPrefixOf } from './api-key-format.js';
import { API_KEY_COLUMNS, toApiKeyView, type ApiKeyView } from './api-key-view.js';

export interface StoreApiKeyInput {
  orgId: string;
  memberId: string;
  /** The member issuing it (DESIGN rule 3: revoked with them); absent outside the admin API. */
  issuedByMemberId?: string | null;
  name: string;
  /** A narrower list than the member's, or null for "whatever the member may do". */
  permissions: string[] | null;
  expiresAt: Date;
  at: Date;
}

/**
 * Writes a key row and returns the plaintext key, which exists only in this return value: the
 * table keeps a keyed hash of the secret and the id of the hashing key (STYLE 14).
 */
export async function storeApiKey(
  manager: EntityManager,
  keyring: Keyring,
  input: StoreApiKeyInput,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  const id = randomUUID();
  const secret = generateSecret();
  const stored = hashSecret(keyring, secret);

  const [row] = await manager.query(
    `INSERT INTO api_keys (id, org_id, member_id, name, prefix, secret_hash, hash_key_id,
       permissions, expires_at, created_at, issued_by_member_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${API_KEY_COLUMNS}`,
    [
      id,
      input.orgId,
      input.memberId,
      input.name,
      displayPrefixOf(id),
      stored.secretHash,
      stored.hashKeyId,
      input.permissions,
      input.expiresAt,
      input.at,
      input.issuedByMemberId ?? null,
    ],
  );
  return { apiKey: toApiKeyView(row), key: formatToken(API_KEY_PREFIX, id, secret) };
}
