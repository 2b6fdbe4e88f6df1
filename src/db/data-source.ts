import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { ENTITIES } from '../../entities/index.js';
import { MIGRATIONS } from '../../entities/migrations/index.js';
import { createSerializedPGliteDriver } from './serialized-pglite-pool.js';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` is a folder, or `memory://` for a throwaway database (tests). */
  | { kind: 'pglite'; dataDir: string };

/**
 * Builds (without connecting) the one DataSource of the process. Both engines run the same
 * committed migrations; `synchronize` stays off so the schema only changes through them.
 */
export function createDataSource(target: DatabaseTarget): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built into Postgres 13+, and PGlite has no uuid-ossp.
    installExtensions: false,
    logging: false,
  };

  if (target.kind === 'postgres') {
    return new DataSource({
      ...common,
      url: target.url,
      extra: { max: target.poolSize ?? 10, connectionTimeoutMillis: 5000 },
    });
  }
  return new DataSource({
    ...common,
    driver: createSerializedPGliteDriver({ dataDir: target.dataDir }),
  });
}

/** Connects and brings the schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<DataSource> {
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
