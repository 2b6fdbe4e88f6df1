import { createHmac, randomBytes } from 'node:crypto';

import { safeEqual } from '../../secrets/tokens.js';
import { encodeBase32 } from './base32.js';

/** RFC 6238 §4.1 defaults, the ones every authenticator app supports. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: one step either side absorbs clock drift and typing time. */
const ACCEPTED_DRIFT_STEPS = 1;
/** RFC 4226 §4 R6: a shared secret of at least 128 bits; 160 is the recommended length. */
const SECRET_BYTES = 20;

/** RFC 4226 §5.3: HMAC-SHA-1 over the 8-byte counter, dynamic truncation, modulo 10^digits. */
export function generateHotp(key: Buffer, counter: bigint, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((unix time - T0) / X) with T0 = 0 and X = 30 s. */
export function timeStepAt(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The TOTP code for the step that contains `at`. */
export function generateTotp(key: Buffer, at: Date, digits = TOTP_DIGITS): string {
  return generateHotp(key, BigInt(timeStepAt(at)), digits);
}

/**
 * The time step a presented code belongs to, within one step of `at`, and only if it is later
 * than `lastStep`: RFC 6238 §5.2 says an OTP accepted once must not be accepted again, which
 * also rules out an earlier step's code once a later one was used. Every candidate is compared
 * in constant time, so timing does not tell which step was close.
 */
export function matchTotpStep(
  key: Buffer,
  code: string,
  at: Date,
  lastStep: number,
): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const current = timeStepAt(at);
  let matched: number | undefined;
  for (let drift = -ACCEPTED_DRIFT_STEPS; drift <= ACCEPTED_DRIFT_STEPS; drift++) {
    const step = current + drift;
    const equal = safeEqual(generateHotp(key, BigInt(step)), code);
    if (equal && step > lastStep && matched === undefined) matched = step;
  }
  return matched;
}

/** A fresh shared secret, base32 as authenticator apps take it. */
export function generateTotpSecret(): string {
  return encodeBase32(randomBytes(SECRET_BYTES));
}

/**
 * The `otpauth://totp/` URI authenticator apps read from a QR code (the Key Uri Format of
 * Google Authenticator): label `issuer:account`, and the parameters spelled out.
 */
export function formatOtpauthUri(input: { issuer: string; account: string; secret: string }) {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const query = new URLSearchParams({
    secret: input.secret,
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
