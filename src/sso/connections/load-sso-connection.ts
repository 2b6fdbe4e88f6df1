import type { EntityManager } from 'typeorm';

import type { SsoConnectionRecord } from '../sso-types.js';

const SELECT_CONNECTION = `SELECT id, org_id, protocol, name, enabled, revision, tested_revision,
    config, encrypted_secret, sp_private_key_encrypted, sp_certificate
  FROM sso_connections`;

/** One connection by id, or null. Callers check that it belongs to the organization at hand. */
export async function loadSsoConnection(
  manager: EntityManager,
  connectionId: string,
): Promise<SsoConnectionRecord | null> {
  const [row] = await manager.query(`${SELECT_CONNECTION} WHERE id = $1`, [connectionId]);
  return row ? toRecord(row) : null;
}

/** Every connection of an organization, oldest first. */
export async function listSsoConnections(
  manager: EntityManager,
  orgId: string,
): Promise<SsoConnectionRecord[]> {
  const rows = await manager.query(
    `${SELECT_CONNECTION} WHERE org_id = $1 ORDER BY created_at, id`,
    [orgId],
  );
  return rows.map(toRecord);
}

function toRecord(row: Record<string, unknown>): SsoConnectionRecord {
  return {
    id: row.id as string,
    orgId: row.org_id as string,
    protocol: row.protocol as SsoConnectionRecord['protocol'],
    name: row.name as string,
    enabled: row.enabled as boolean,
    revision: Number(row.revision),
    testedRevision: row.tested_revision === null ? null : Number(row.tested_revision),
    config: row.config as SsoConnectionRecord['config'],
    encryptedSecret: (row.encrypted_secret as string | null) ?? null,
    spPrivateKeyEncrypted: (row.sp_private_key_encrypted as string | null) ?? null,
    spCertificate: (row.sp_certificate as string | null) ?? null,
  };
}
