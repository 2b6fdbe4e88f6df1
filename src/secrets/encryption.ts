import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { Keyring } from './keyring.js';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const PURPOSE = 'secret-encryption-v1';
/** NIST SP 800-38D §8.2: a random 96-bit IV per message. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

/** A stored ciphertext that cannot be opened: unknown version or key, bad shape, or tampered. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt secret: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/**
 * Encrypts a secret that must be read back (a TOTP seed, an OIDC client secret) with AES-256-GCM
 * under the keyring's current key. The result, `v1.<keyId>.<iv>.<tag>.<data>`, names its key, so
 * it still opens after the key is no longer current. `context` names where the value is stored
 * (for example `break-glass-totp:<memberId>`): it is authenticated, so a ciphertext copied to
 * another row does not decrypt there.
 */
export function encryptSecret(keyring: Keyring, plaintext: string, context: string): string {
  const keyId = keyring.current.id;
  const key = keyring.derive(keyId, PURPOSE)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(keyId, context));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyId, iv, tag, data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens what `encryptSecret` made, with whichever key of the ring it names. */
export function decryptSecret(keyring: Keyring, stored: string, context: string): string {
  const parts = stored.split('.');
  if (parts.length !== 5) throw new DecryptionError('not a v1 ciphertext');
  const [version, keyId, iv, tag, data] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new DecryptionError(`unknown version "${version}"`);
  if (![iv, tag, data].every((p) => B64URL.test(p))) throw new DecryptionError('bad encoding');

  const key = keyring.derive(keyId, PURPOSE);
  if (!key) throw new DecryptionError(`key "${keyId}" is not in the keyring`);
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  // A short tag would weaken GCM's integrity check (SP 800-38D §5.2.1.2): accept only 128 bits.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new DecryptionError('bad iv or tag length');
  }

  const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(keyId, context));
  decipher.setAuthTag(tagBytes);
  try {
    const plain = Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    throw new DecryptionError('authentication failed');
  }
}

/** The header and the storage context are authenticated along with the data. */
function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}\0${keyId}\0${context}`, 'utf8');
}
