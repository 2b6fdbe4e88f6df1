import { randomBytes } from 'node:crypto';

import pg from 'pg';
import type { DataSource } from 'typeorm';

import { openDatabase } from '../src/db/data-source.js';
import type { BenchOptions } from './options.js';

/** A migrated database that exists for one benchmark run. */
export interface BenchDatabase {
  db: DataSource;
  engine: BenchOptions['engine'];
  /** `server_version` as the engine reports it. */
  version: string;
  /** The created database's URL (Postgres only), for EXPLAIN sessions with `--keep-database`. */
  url?: string;
  /** Closes the connections and drops the database; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Postgres: `CREATE DATABASE tessera_bench_<random>` on the server, then Tessera's own
 * migrations through `openDatabase`. PGlite: an in-memory database. `onCreated` receives the
 * closer as soon as there is something to clean up, so an interrupt during migrations still
 * drops the database.
 */
export async function openBenchDatabase(
  options: BenchOptions,
  onCreated: (close: () => Promise<void>) => void,
): Promise<BenchDatabase> {
  if (options.engine === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    const close = once(() => (db.isInitialized ? db.destroy() : Promise.resolve()));
    onCreated(close);
    return { db, engine: 'pglite', version: await versionOf(db), close };
  }

  const name = `tessera_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(options.serverUrl, `CREATE DATABASE ${name}`);
  let db: DataSource | undefined;
  const close = once(async () => {
    if (db?.isInitialized) await db.destroy();
    if (options.keepDatabase) return;
    // FORCE ends any session still attached (an interrupted query, a psql left open).
    await adminQuery(options.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  onCreated(close);

  const url = withDatabase(options.serverUrl, name);
  db = await openDatabase({ kind: 'postgres', url });
  return { db, engine: 'postgres', version: await versionOf(db), url, close };
}

async function versionOf(db: DataSource): Promise<string> {
  const [row] = await db.query('SHOW server_version');
  return String(row.server_version);
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs `work` the first time only; later calls get the same promise. */
export function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}
