import type { EntityManager } from 'typeorm';

import { API_KEY_COLUMNS, toApiKeyView, type ApiKeyView } from './api-key-view.js';

/**
 * One keyset page of an organization's keys, oldest first, revoked and expired ones included so
 * an admin can see what existed (`api_keys_org_idx` serves the order). Reads `limit + 1` rows;
 * the caller turns the extra one into a cursor.
 */
export async function listApiKeys(
  manager: EntityManager,
  orgId: string,
  page: { limit: number; after: { createdAt: Date; id: string } | null },
): Promise<ApiKeyView[]> {
  const rows = await manager.query(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys
      WHERE org_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
      ORDER BY created_at, id LIMIT $4`,
    [orgId, page.after?.createdAt ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return rows.map(toApiKeyView);
}
