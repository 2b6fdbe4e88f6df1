import type { EntityManager } from 'typeorm';

import { cursorKeySql, pageOfRows, type KeysetPage } from '../../db/page-cursor.js';
import { API_KEY_COLUMNS, toApiKeyView } from './api-key-view.js';

/**
 * One keyset page of an organization's keys, oldest first, revoked and expired ones included so
 * an admin can see what existed (`api_keys_org_idx` serves the order).
 */
export async function listApiKeys(manager: EntityManager, orgId: string, page: KeysetPage) {
  const rows = await manager.query(
    `SELECT ${API_KEY_COLUMNS}, ${cursorKeySql('k')} AS "cursorAt" FROM api_keys k
      WHERE k.org_id = $1
        AND ($2::timestamptz IS NULL OR (k.created_at, k.id) > ($2::timestamptz, $3::uuid))
      ORDER BY k.created_at, k.id LIMIT $4`,
    [orgId, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
  );
  const { rows: keys, nextCursor } = pageOfRows(rows, page.limit);
  return { data: keys.map(toApiKeyView), nextCursor };
}
