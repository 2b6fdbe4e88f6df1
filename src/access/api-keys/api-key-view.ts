/** An API key as lists show it: never the secret, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  memberId: string;
  /** Who issued it; null for a key made outside the admin API. */
  issuedByMemberId: string | null;
  /** The key's own narrower list, or null: it acts with all of its member's permissions. */
  permissions: string[] | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The columns of `ApiKeyView`, for `SELECT`/`RETURNING` on `api_keys` (no alias). */
export const API_KEY_COLUMNS = `id, name, prefix, member_id, issued_by_member_id, permissions,
  created_at, expires_at, last_used_at, revoked_at`;

export function toApiKeyView(row: Record<string, unknown>): ApiKeyView {
  return {
    id: String(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    memberId: String(row.member_id),
    issuedByMemberId: row.issued_by_member_id ? String(row.issued_by_member_id) : null,
    permissions: (row.permissions as string[] | null) ?? null,
    createdAt: isoOf(row.created_at)!,
    expiresAt: isoOf(row.expires_at)!,
    lastUsedAt: isoOf(row.last_used_at),
    revokedAt: isoOf(row.revoked_at),
  };
}

function isoOf(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string).toISOString();
}
