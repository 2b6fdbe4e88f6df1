import { describe, expect, it } from '@jest/globals';

import { DecryptionError, decryptSecret, encryptSecret } from '../../src/secrets/encryption.js';
import { Keyring } from '../../src/secrets/keyring.js';

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const K1 = Keyring.parse(key('k1', 1));
const CONTEXT = 'break-glass-totp:member-1';

/** Flips one bit of one base64url part of a ciphertext, keeping it well-formed. */
function flip(stored: string, part: number): string {
  const parts = stored.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('AES-256-GCM encryption of retrievable secrets (STYLE 14)', () => {
  it('round-trips, and the stored form names version and key but not the plaintext', () => {
    const stored = encryptSecret(K1, 'JBSWY3DPEHPK3PXP', CONTEXT);
    expect(stored).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(stored).not.toContain('JBSWY3DPEHPK3PXP');
    expect(decryptSecret(K1, stored, CONTEXT)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time, so equal secrets do not look equal at rest', () => {
    const a = encryptSecret(K1, 'same', CONTEXT);
    const b = encryptSecret(K1, 'same', CONTEXT);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('decrypts with an older key after rotation; the current key encrypts', () => {
    const old = encryptSecret(K1, 'client-secret', CONTEXT);
    const rotated = Keyring.parse(`${key('k2', 2)},${key('k1', 1)}`);
    expect(decryptSecret(rotated, old, CONTEXT)).toBe('client-secret');
    const fresh = encryptSecret(rotated, 'client-secret', CONTEXT);
    expect(fresh.split('.')[1]).toBe('k2');
    expect(() => decryptSecret(K1, fresh, CONTEXT)).toThrow(/key "k2" is not in the keyring/);
  });

  it.each([
    ['the IV', 2],
    ['the tag', 3],
    ['the data', 4],
  ])('refuses a ciphertext whose %s was altered', (_, part) => {
    const stored = encryptSecret(K1, 'secret', CONTEXT);
    expect(() => decryptSecret(K1, flip(stored, part), CONTEXT)).toThrow(DecryptionError);
  });

  it('refuses a ciphertext relabelled with another key id of the ring', () => {
    const ring = Keyring.parse(`${key('k1', 1)},${key('k2', 1)}`);
    const stored = encryptSecret(ring, 'secret', CONTEXT);
    // Same key bytes under another id: only the authenticated header tells them apart.
    const relabelled = stored.replace(/^v1\.k1\./, 'v1.k2.');
    expect(() => decryptSecret(ring, relabelled, CONTEXT)).toThrow(/authentication failed/);
  });

  it('refuses a ciphertext moved to another storage context', () => {
    const stored = encryptSecret(K1, 'secret', CONTEXT);
    expect(() => decryptSecret(K1, stored, 'break-glass-totp:member-2')).toThrow(
      /authentication failed/,
    );
  });

  it.each([
    ['another version', (s: string) => s.replace(/^v1\./, 'v2.')],
    ['a missing part', (s: string) => s.split('.').slice(0, 4).join('.')],
    ['a truncated tag', (s: string) => s.replace(/^((?:[^.]+\.){3})[^.]{4}/, '$1')],
    ['a character outside base64url', (s: string) => s.replace(/.$/, '+')],
  ])('refuses %s', (_, mangle) => {
    const stored = encryptSecret(K1, 'secret', CONTEXT);
    expect(() => decryptSecret(K1, mangle(stored), CONTEXT)).toThrow(DecryptionError);
  });
});
