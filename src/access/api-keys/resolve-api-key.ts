import type { DataSource } from 'typeorm';

import type { Keyring } from '../../secrets/keyring.js';
import { parseToken, verifySecret } from '../../secrets/tokens.js';
import { isPermission, type Permission } from '../permissions.js';
import type { ApiKeyPrincipal } from '../principal.js';
import { permissionsOfRole } from '../role-permissions.js';
import { API_KEY_PREFIX } from './api-key-format.js';

const LAST_USED_RESOLUTION_MS = 60 * 1000;

/**
 * Resolves a presented API key. It acts with at most its member's current permissions
 * (narrowed by the key's own list), and stops at once when the member is no longer active.
 */
export async function resolveApiKey(
  db: DataSource,
  keyring: Keyring,
  presented: string,
  now: Date,
): Promise<ApiKeyPrincipal | undefined> {
  const parsed = parseToken(API_KEY_PREFIX, presented);
  if (!parsed) return undefined;

  const [row] = await db.query(
    `SELECT k.id, k.org_id, k.member_id, k.secret_hash, k.hash_key_id, k.permissions AS key_perms,
            k.expires_at, k.revoked_at, k.last_used_at,
            r.id AS role_id, r.name AS role_name, r.builtin, r.permissions,
            k.issued_by_member_id AS issuer_id,
            (im.status = 'active' AND im.deleted_at IS NULL) AS issuer_active,
            ir.name AS issuer_role_name, ir.builtin AS issuer_builtin,
            ir.permissions AS issuer_permissions
       FROM api_keys k
       JOIN members m ON m.id = k.member_id
       JOIN roles r ON r.id = m.role_id
       LEFT JOIN members im ON im.id = k.issued_by_member_id
       LEFT JOIN roles ir ON ir.id = im.role_id
      WHERE k.id = $1 AND m.status = 'active' AND m.deleted_at IS NULL`,
    [parsed.id],
  );
  if (!row) return undefined;
  const stored = { hashKeyId: row.hash_key_id, secretHash: row.secret_hash };
  if (!verifySecret(keyring, stored, parsed.secret)) return undefined;
  if (row.revoked_at !== null) return undefined;
  if (now.getTime() >= new Date(row.expires_at).getTime()) return undefined;

  if (
    row.last_used_at === null ||
    now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USED_RESOLUTION_MS
  ) {
    await db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [row.id, now]);
  }
  return {
    kind: 'api_key',
    orgId: row.org_id,
    memberId: row.member_id,
    roleId: row.role_id,
    roleName: row.role_name,
    permissions: withinIssuer(
      narrow(
        permissionsOfRole({
          name: row.role_name,
          builtin: row.builtin,
          permissions: row.permissions,
        }),
        row.key_perms,
      ),
      row,
    ),
    apiKeyId: row.id,
  };
}

/**
 * Rule 9 for keys, held at every use: a key someone issued for another member never carries a
 * permission its issuer no longer holds, and nothing at all once the issuer has left.
 */
function withinIssuer(
  granted: Set<Permission>,
  row: {
    issuer_id: string | null;
    member_id: string;
    issuer_active: boolean | null;
    issuer_role_name: string | null;
    issuer_builtin: boolean | null;
    issuer_permissions: string[] | null;
  },
): Set<Permission> {
  if (row.issuer_id === null || row.issuer_id === row.member_id) return granted;
  if (!row.issuer_active || row.issuer_role_name === null) return new Set();
  const issuer = permissionsOfRole({
    name: row.issuer_role_name,
    builtin: row.issuer_builtin === true,
    permissions: row.issuer_permissions ?? [],
  });
  return new Set([...granted].filter((p) => issuer.has(p)));
}

function narrow(member: Set<Permission>, keyPermissions: string[] | null): Set<Permission> {
  if (keyPermissions === null) return member;
  return new Set(keyPermissions.filter(isPermission).filter((p) => member.has(p)));
}
