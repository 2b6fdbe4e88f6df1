import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { ConfigError } from '../config/config.js';

/** One master key; derived keys for hashing and encryption come from it by HKDF. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/**
 * `TESSERA_ENCRYPTION_KEYS` holds `id:base64key` pairs separated by commas. The first key is the
 * current one (it hashes and encrypts); the others only verify and decrypt, so keys can rotate.
 */
export class Keyring {
  private readonly byId: Map<string, MasterKey>;

  constructor(readonly keys: MasterKey[]) {
    if (keys.length === 0) throw new Error('a keyring needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  get current(): MasterKey {
    return this.keys[0]!;
  }

  find(id: string): MasterKey | undefined {
    return this.byId.get(id);
  }

  /** A 32-byte key for one purpose, so a hashing key never doubles as an encryption key. */
  derive(keyId: string, purpose: string): Buffer | undefined {
    const master = this.byId.get(keyId);
    if (!master) return undefined;
    return Buffer.from(hkdfSync('sha256', master.key, Buffer.alloc(0), `tessera:${purpose}`, 32));
  }

  static parse(raw: string): Keyring {
    const keys = raw.split(',').map((entry, index) => parseEntry(entry.trim(), index));
    const ids = new Set(keys.map((k) => k.id));
    if (ids.size !== keys.length) {
      throw new ConfigError('TESSERA_ENCRYPTION_KEYS', 'key ids must be unique');
    }
    return new Keyring(keys);
  }

  static generate(id = 'k1'): Keyring {
    return new Keyring([{ id, key: randomBytes(32) }]);
  }
}

function parseEntry(entry: string, index: number): MasterKey {
  const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
  if (!match) {
    throw new ConfigError('TESSERA_ENCRYPTION_KEYS', `entry ${index + 1} is not "id:base64key"`);
  }
  const key = Buffer.from(match[2]!, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('TESSERA_ENCRYPTION_KEYS', `key "${match[1]}" must be 32 bytes`);
  }
  return { id: match[1]!, key };
}

const DEV_KEY_FILE = 'encryption-keys';

/**
 * The embedded database's development default: a key generated once into the data folder. The
 * caller warns that this is for development; production passes `TESSERA_ENCRYPTION_KEYS`.
 */
export function loadOrCreateDevKeyring(dataDir: string): { keyring: Keyring; created: boolean } {
  const file = path.join(dataDir, DEV_KEY_FILE);
  if (fs.existsSync(file)) {
    return { keyring: Keyring.parse(fs.readFileSync(file, 'utf8').trim()), created: false };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = `dev1:${randomBytes(32).toString('base64')}`;
  fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return { keyring: Keyring.parse(key), created: true };
}
