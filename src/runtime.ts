import type { DataSource } from 'typeorm';

import { ConfigError, type Config } from './config/config.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { openDatabase, type DatabaseTarget } from './db/data-source.js';
import type { Logger } from './ops/logger.js';
import { Keyring, loadOrCreateDevKeyring } from './secrets/keyring.js';

/** The process-wide resources a server or a CLI command runs on. */
export interface Runtime {
  db: DataSource;
  keyring: Keyring;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database named by the config (locking the embedded data folder, which only one
 * process may hold) and loads the keyring: `TESSERA_ENCRYPTION_KEYS`, or on the embedded
 * database a development key kept in the data folder.
 */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const embedded = config.databaseUrl === undefined;
  const keyring = loadKeyring(config, logger);
  const target: DatabaseTarget = embedded
    ? { kind: 'pglite', dataDir: config.dataDir }
    : { kind: 'postgres', url: config.databaseUrl! };

  const unlock = embedded ? lockDataDir(config.dataDir) : () => {};
  try {
    const db = await openDatabase(target);
    return {
      db,
      keyring,
      embedded,
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (e: unknown) {
    unlock();
    throw e;
  }
}

function loadKeyring(config: Config, logger: Logger): Keyring {
  if (config.encryptionKeys) return Keyring.parse(config.encryptionKeys);
  if (config.databaseUrl) {
    // Several instances share one Postgres: they must share keys, so nothing is generated.
    throw new ConfigError('TESSERA_ENCRYPTION_KEYS', 'is required when DATABASE_URL is set');
  }
  const { keyring, created } = loadOrCreateDevKeyring(config.dataDir);
  logger.warn(
    { dataDir: config.dataDir, created },
    'using a development encryption key from the data folder; ' +
      'set TESSERA_ENCRYPTION_KEYS in production',
  );
  return keyring;
}
