import type { EntityManager } from 'typeorm';

/** A directory as the admin API lists it; tokens appear only as a count and an end date. */
export interface ScimConnectionSummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Tokens that work now: current ones, and rotated-out ones still in their overlap. */
  liveTokens: number;
  /** When the first live token stops working; null while every live token is current. */
  soonestTokenExpiry: string | null;
}

const LIST_CONNECTIONS = `
  SELECT c.id, c.name, c.created_at, c.last_used_at,
         count(t.id) AS live_tokens, min(t.expires_at) AS soonest_expiry
    FROM scim_connections c
    LEFT JOIN scim_tokens t
      ON t.connection_id = c.id AND (t.expires_at IS NULL OR t.expires_at > $2)
   WHERE c.org_id = $1
   GROUP BY c.id
   ORDER BY c.created_at, c.id`;

/**
 * Every SCIM connection of an organization. An organization has a handful of directories, so
 * the list is not paged. Token hashes never leave the table.
 */
export async function listScimConnections(
  manager: EntityManager,
  orgId: string,
  now: Date,
): Promise<ScimConnectionSummary[]> {
  const rows = await manager.query(LIST_CONNECTIONS, [orgId, now]);
  return rows.map((row: Record<string, unknown>) => ({
    id: String(row.id),
    name: String(row.name),
    createdAt: new Date(row.created_at as string).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at as string).toISOString() : null,
    liveTokens: Number(row.live_tokens),
    soonestTokenExpiry: row.soonest_expiry
      ? new Date(row.soonest_expiry as string).toISOString()
      : null,
  }));
}
