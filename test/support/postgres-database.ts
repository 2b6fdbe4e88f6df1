import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { withDatabase } from './test-database.js';

/**
 * The Postgres server the multi-process and fault tests run on: `TEST_DATABASE_URL` when set,
 * else `TESSERA_FAULTS_POSTGRES_URL` (CI exports it for its PGlite pass), else a local server
 * with trust auth on 127.0.0.1:5432. These tests prove behaviour of several processes on one
 * Postgres, which PGlite cannot host, so without a server they fail and say what they need
 * rather than skip.
 */
export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

export function postgresServerUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.TESSERA_FAULTS_POSTGRES_URL || LOCAL_POSTGRES;
}

/** A database of its own on that server, created now and dropped by `drop()`. */
export interface PostgresDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createPostgresDatabase(
  prefix: string,
  serverUrl = postgresServerUrl(),
): Promise<PostgresDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e: unknown) {
    throw new Error(
      `these tests need Postgres: set TEST_DATABASE_URL or run a server on 127.0.0.1:5432 ` +
        `(${(e as Error).message})`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
