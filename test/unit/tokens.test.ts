import { describe, expect, it } from '@jest/globals';

import { Keyring } from '../../src/secrets/keyring.js';
import {
  formatToken,
  generateSecret,
  hashSecret,
  parseToken,
  safeEqual,
  verifySecret,
} from '../../src/secrets/tokens.js';

const ID = '3f2b8c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b';

describe('tokens: <prefix>_<id>_<secret>, keyed hash only', () => {
  it('round-trips a token through format and parse', () => {
    const secret = generateSecret();
    expect(parseToken('tss', formatToken('tss', ID, secret))).toEqual({ id: ID, secret });
  });

  it.each([
    ['another prefix', `tsk_${ID}_${'a'.repeat(64)}`],
    ['a short secret', `tss_${ID}_${'a'.repeat(63)}`],
    ['an id that is not a UUID', `tss_abc_${'a'.repeat(64)}`],
    ['trailing junk', `tss_${ID}_${'a'.repeat(64)}x`],
  ])('parses %s as no token', (_, token) => {
    expect(parseToken('tss', token)).toBeUndefined();
  });

  it('verifies with the key that hashed, also after the keyring rotates', () => {
    const old = Keyring.parse(`k1:${Buffer.alloc(32, 1).toString('base64')}`);
    const stored = hashSecret(old, 'secret-value');
    expect(stored.hashKeyId).toBe('k1');
    expect(stored.secretHash).not.toContain('secret-value');

    const rotated = Keyring.parse(
      `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
    );
    expect(verifySecret(rotated, stored, 'secret-value')).toBe(true);
    expect(verifySecret(rotated, stored, 'secret-valuf')).toBe(false);
    expect(hashSecret(rotated, 'secret-value').hashKeyId).toBe('k2');
  });

  it('a hash made under a key the keyring no longer has never verifies', () => {
    const stored = hashSecret(Keyring.generate('gone'), 'x');
    expect(verifySecret(Keyring.generate('other'), stored, 'x')).toBe(false);
  });

  it('safeEqual compares exactly, unequal lengths included', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it.each([
    ['no colon', 'k1'],
    ['a short key', `k1:${Buffer.alloc(16).toString('base64')}`],
    [
      'duplicate ids',
      `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}`,
    ],
  ])('TESSERA_ENCRYPTION_KEYS with %s is refused, naming the variable', (_, raw) => {
    expect(() => Keyring.parse(raw)).toThrow(/^TESSERA_ENCRYPTION_KEYS: /);
  });
});
