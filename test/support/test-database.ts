import { randomBytes } from 'node:crypto';

import pg from 'pg';
import type { DataSource } from 'typeorm';

import { openDatabase } from '../../src/db/data-source.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or — when
 * `TEST_DATABASE_URL` names a Postgres server — a new database created on it and dropped after.
 */
export interface TestDatabase {
  db: DataSource;
  engine: 'pglite' | 'postgres';
  /** Connection string of the created Postgres database (for child processes). */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    return { db, engine: 'pglite', drop: () => db.destroy() };
  }

  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 20 });
  return {
    db,
    engine: 'postgres',
    url,
    drop: async () => {
      await db.destroy();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
