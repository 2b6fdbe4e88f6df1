import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import type { Keyring } from '../../secrets/keyring.js';
import { formatToken, generateSecret, hashSecret } from '../../secrets/tokens.js';
import { SCIM_TOKEN_PREFIX } from './scim-token-format.js';

/** Stores a new token for a connection and returns its plaintext, which exists only here. */
export async function issueScimToken(
  manager: EntityManager,
  keyring: Keyring,
  connection: { id: string; orgId: string },
  at: Date,
): Promise<{ tokenId: string; token: string }> {
  const tokenId = randomUUID();
  const secret = generateSecret();
  const stored = hashSecret(keyring, secret);

  await manager.query(
    `INSERT INTO scim_tokens (id, connection_id, org_id, secret_hash, hash_key_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [tokenId, connection.id, connection.orgId, stored.secretHash, stored.hashKeyId, at],
  );
  return { tokenId, token: formatToken(SCIM_TOKEN_PREFIX, tokenId, secret) };
}
