import type { DataSource, EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import { columnName, ENCRYPTED_COLUMNS, type EncryptedColumn } from './encrypted-columns.js';
import { DecryptionError, decryptSecret, encryptSecret } from './encryption.js';
import type { Keyring } from './keyring.js';

export const ROTATED_ACTION = 'organization.encryption.keys_rotated';
const DEFAULT_BATCH = 100;

/** The key id a stored `v1.<keyId>.…` value names, as SQL: anything but the current key. */
const STALE = (c: EncryptedColumn) =>
  `${c.column} IS NOT NULL AND split_part(${c.column}, '.', 2) <> $1`;

export interface RotationOptions {
  actor: AuditActor;
  at: Date;
  /** Rows per transaction; each batch commits on its own, so a long rotation holds no lock long. */
  batchSize?: number;
}

export interface RotationReport {
  keyId: string;
  rotated: number;
  /** Rows that named a key not in the ring, or did not authenticate: left as they were. */
  unreadable: number;
  organizations: number;
  byColumn: Record<string, { rotated: number; unreadable: number }>;
}

/**
 * Re-encrypts every encrypted column under the keyring's current key, one organization at a
 * time, in batches of one transaction each, each audited for that organization. Rows already
 * under the current key are not touched, so a rotation cut short is finished by running it again.
 */
export async function rotateEncryptionKeys(
  db: DataSource,
  keyring: Keyring,
  options: RotationOptions,
): Promise<RotationReport> {
  const keyId = keyring.current.id;
  const report: RotationReport = {
    keyId,
    rotated: 0,
    unreadable: 0,
    organizations: 0,
    byColumn: {},
  };
  for (const c of ENCRYPTED_COLUMNS) report.byColumn[columnName(c)] = { rotated: 0, unreadable: 0 };

  for (const orgId of await organizationsWithStaleRows(db, keyId)) {
    report.organizations++;
    const cursors = new Map<EncryptedColumn, string | null>(ENCRYPTED_COLUMNS.map((c) => [c, '']));
    while ([...cursors.values()].some((cursor) => cursor !== null)) {
      await db.transaction((manager) =>
        rotateBatch(manager, keyring, { orgId, cursors, report, ...options }),
      );
    }
  }
  return report;
}

interface Batch extends RotationOptions {
  orgId: string;
  /** Per column, the last row id seen (`''` before the first), or null once it is done. */
  cursors: Map<EncryptedColumn, string | null>;
  report: RotationReport;
}

async function rotateBatch(manager: EntityManager, keyring: Keyring, batch: Batch) {
  let room = batch.batchSize ?? DEFAULT_BATCH;
  const counts: Record<string, number> = {};
  let rotated = 0;
  let unreadable = 0;

  for (const [c, cursor] of batch.cursors) {
    if (cursor === null || room === 0) continue;
    const rows = await staleRows(manager, c, keyring.current.id, batch.orgId, cursor, room);
    batch.cursors.set(c, rows.length < room ? null : rows[rows.length - 1]!.id);
    room -= rows.length;
    for (const row of rows) {
      const done = await reencrypt(manager, keyring, c, row);
      const tally = batch.report.byColumn[columnName(c)]!;
      if (done) {
        counts[columnName(c)] = (counts[columnName(c)] ?? 0) + 1;
        tally.rotated++;
        rotated++;
      } else {
        tally.unreadable++;
        unreadable++;
      }
    }
  }

  batch.report.rotated += rotated;
  batch.report.unreadable += unreadable;
  if (rotated + unreadable === 0) return;
  await recordAuditEvent(manager, {
    orgId: batch.orgId,
    actor: batch.actor,
    action: ROTATED_ACTION,
    payload: { keyId: keyring.current.id, rotated, unreadable, ...counts },
    at: batch.at,
  });
}

interface StoredRow {
  id: string;
  stored: string;
}

/** Locked, so a writer replacing the same secret waits instead of being overwritten. */
function staleRows(
  manager: EntityManager,
  c: EncryptedColumn,
  keyId: string,
  orgId: string,
  after: string,
  limit: number,
): Promise<StoredRow[]> {
  return manager.query(
    `SELECT ${c.idColumn}::text AS id, ${c.column} AS stored FROM ${c.table}
      WHERE ${STALE(c)} AND org_id = $2 AND ${c.idColumn}::text > $3
      ORDER BY ${c.idColumn}::text LIMIT $4 FOR UPDATE`,
    [keyId, orgId, after, limit],
  );
}

/** False when the stored value cannot be opened with this keyring; the row is left as it is. */
async function reencrypt(
  manager: EntityManager,
  keyring: Keyring,
  c: EncryptedColumn,
  row: StoredRow,
): Promise<boolean> {
  let plaintext: string;
  try {
    plaintext = decryptSecret(keyring, row.stored, c.context(row.id));
  } catch (e: unknown) {
    if (e instanceof DecryptionError) return false;
    throw e;
  }
  const fresh = encryptSecret(keyring, plaintext, c.context(row.id));
  await manager.query(
    `UPDATE ${c.table} SET ${c.column} = $1 WHERE ${c.idColumn}::text = $2 AND ${c.column} = $3`,
    [fresh, row.id, row.stored],
  );
  return true;
}

async function organizationsWithStaleRows(db: DataSource, keyId: string): Promise<string[]> {
  const union = ENCRYPTED_COLUMNS.map((c) => `SELECT org_id FROM ${c.table} WHERE ${STALE(c)}`);
  const rows = await db.query(
    `SELECT DISTINCT org_id::text AS id FROM (${union.join(' UNION ')}) s
    ORDER BY id`,
    [keyId],
  );
  return rows.map((r: { id: string }) => r.id);
}

/** How many stored values each key protects, per column: what a rotation has left to do. */
export async function encryptionKeyStatus(db: DataSource, keyring: Keyring) {
  const columns: { column: string; byKey: Record<string, number> }[] = [];
  let stale = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const rows: { key_id: string; n: number }[] = await db.query(
      `SELECT split_part(${c.column}, '.', 2) AS key_id, count(*)::int AS n FROM ${c.table}
        WHERE ${c.column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key_id, Number(r.n)]));
    for (const r of rows) if (r.key_id !== keyring.current.id) stale += Number(r.n);
    columns.push({ column: columnName(c), byKey });
  }
  const missing = new Set(columns.flatMap((c) => Object.keys(c.byKey)));
  for (const k of keyring.keys) missing.delete(k.id);
  return { currentKeyId: keyring.current.id, stale, columns, unknownKeyIds: [...missing].sort() };
}
