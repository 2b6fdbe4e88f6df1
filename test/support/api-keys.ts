import { DEFAULT_API_KEY_DAYS } from '../../src/access/api-keys/api-key-format.js';
import { storeApiKey } from '../../src/access/api-keys/store-api-key.js';
import { recordTestSecret, secretPartOf } from './secret-ledger.js';
import type { TestApp } from './test-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TestApiKey {
  id: string;
  /** The plaintext `tsk_<id>_<secret>`. */
  key: string;
  /** Headers that authenticate a request with the key. */
  headers: { Authorization: string };
}

/**
 * An API key for a member, stored directly (no admin request, no audit event), for tests that
 * need a key-authenticated caller. `permissions` narrows the key; omitted, it acts with all of
 * the member's permissions.
 */
export async function issueTestApiKey(
  t: TestApp,
  orgId: string,
  memberId: string,
  options: { permissions?: string[]; expiresInDays?: number; name?: string } = {},
): Promise<TestApiKey> {
  const at = t.clock.now();
  const days = options.expiresInDays ?? DEFAULT_API_KEY_DAYS;
  const { apiKey, key } = await t.db.transaction((manager) =>
    storeApiKey(manager, t.keyring, {
      orgId,
      memberId,
      name: options.name ?? 'test key',
      permissions: options.permissions ?? null,
      expiresAt: new Date(at.getTime() + days * DAY_MS),
      at,
    }),
  );
  recordTestSecret('API key', secretPartOf(key));
  return { id: apiKey.id, key, headers: { Authorization: `Bearer ${key}` } };
}
