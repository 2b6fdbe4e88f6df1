import { describe, expect, it } from '@jest/globals';

import { decodeBase32, encodeBase32 } from '../../src/auth/break-glass/base32.js';
import {
  formatOtpauthUri,
  generateHotp,
  generateTotp,
  generateTotpSecret,
  matchTotpStep,
  timeStepAt,
} from '../../src/auth/break-glass/totp.js';

/** RFC 6238 Appendix B and RFC 4226 Appendix D: the ASCII seed "12345678901234567890". */
const SEED = Buffer.from('12345678901234567890', 'ascii');
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe('RFC 4226 Appendix D: HOTP test values', () => {
  it.each([
    [0n, '755224'],
    [1n, '287082'],
    [2n, '359152'],
    [3n, '969429'],
    [4n, '338314'],
    [5n, '254676'],
    [6n, '287922'],
    [7n, '162583'],
    [8n, '399871'],
    [9n, '520489'],
  ])('counter %s gives %s', (counter, code) => {
    expect(generateHotp(SEED, counter)).toBe(code);
  });
});

describe('RFC 6238 Appendix B: TOTP test vectors (SHA-1)', () => {
  it.each([
    [59, '0000000000000001', '94287082'],
    [1111111109, '00000000023523EC', '07081804'],
    [1111111111, '00000000023523ED', '14050471'],
    [1234567890, '000000000273EF07', '89005924'],
    [2000000000, '0000000003F940AA', '69279037'],
    [20000000000, '0000000027BC86AA', '65353130'],
  ])('at %s (T = %s) the 8-digit code is %s', (seconds, hexStep, code) => {
    expect(timeStepAt(at(seconds))).toBe(Number.parseInt(hexStep, 16));
    expect(generateTotp(SEED, at(seconds), 8)).toBe(code);
    // Six digits are the same truncation modulo 10^6 (RFC 4226 §5.3).
    expect(generateTotp(SEED, at(seconds))).toBe(code.slice(2));
  });
});

describe('RFC 6238 §5.2: validation window and replay', () => {
  const now = at(1111111111);
  const step = timeStepAt(now);
  const code = (drift: number) => generateHotp(SEED, BigInt(step + drift));

  it('accepts the current step and one step either side, and says which step matched', () => {
    expect(matchTotpStep(SEED, code(0), now, 0)).toBe(step);
    expect(matchTotpStep(SEED, code(-1), now, 0)).toBe(step - 1);
    expect(matchTotpStep(SEED, code(1), now, 0)).toBe(step + 1);
  });

  it('refuses codes two steps away', () => {
    expect(matchTotpStep(SEED, code(-2), now, 0)).toBeUndefined();
    expect(matchTotpStep(SEED, code(2), now, 0)).toBeUndefined();
  });

  it('refuses a code whose step was already used, and any earlier step', () => {
    expect(matchTotpStep(SEED, code(0), now, step)).toBeUndefined();
    expect(matchTotpStep(SEED, code(-1), now, step)).toBeUndefined();
    expect(matchTotpStep(SEED, code(1), now, step)).toBe(step + 1);
  });

  it.each(['', '12345', '1234567', '12345a', ' 123456'])('refuses the malformed code %j', (c) => {
    expect(matchTotpStep(SEED, c, now, 0)).toBeUndefined();
  });
});

describe('secrets and provisioning URI', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('base32 of %j is %j (RFC 4648 §10, unpadded)', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
    expect(decodeBase32(encoded).toString()).toBe(plain);
    expect(decodeBase32(encoded.toLowerCase() + '===').toString()).toBe(plain);
  });

  it('generates 160-bit secrets that differ', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeBase32(a)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(a);
  });

  it('formats an otpauth URI an authenticator app reads', () => {
    const uri = new URL(
      formatOtpauthUri({ issuer: 'Tessera acme', account: 'ann@acme.test', secret: 'MZXW6YTB' }),
    );
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Tessera acme:ann@acme.test');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'MZXW6YTB',
      issuer: 'Tessera acme',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
