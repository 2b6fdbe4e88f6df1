import { randomBytes } from 'node:crypto';

import { hash, verify, type Options } from '@node-rs/argon2';

import { encodeBase32 } from './base32.js';

/**
 * Argon2id (RFC 9106) with the library's defaults: 19 MiB, 2 passes, 1 lane, the OWASP
 * password-storage minimum. `algorithm: 2` is Argon2id (a const enum cannot be imported here).
 */
const ARGON2ID: Options = { algorithm: 2 };
/** Longer input is refused before hashing, so a huge body cannot buy seconds of CPU. */
export const MAX_PASSWORD_LENGTH = 256;
const GROUPS = 6;
const GROUP_LENGTH = 5;

/** 30 base32 characters (150 bits) in groups of five, easy to read out and type. */
export function generateBreakGlassPassword(): string {
  const chars = encodeBase32(randomBytes(20))
    .toLowerCase()
    .slice(0, GROUPS * GROUP_LENGTH);
  return chars.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}

export function hashBreakGlassPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash, or, when there is no account, against a hash of a
 * random password with the same parameters, so that the answer takes as long either way and
 * timing does not tell which accounts exist.
 */
export async function verifyBreakGlassPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  dummyHash ??= hashBreakGlassPassword(randomBytes(16).toString('hex'));
  const tooLong = password.length > MAX_PASSWORD_LENGTH;
  const target = stored === undefined || tooLong ? await dummyHash : stored;
  try {
    const ok = await verify(target, tooLong ? '' : password);
    return ok && target === stored;
  } catch {
    // A stored value that is not a PHC string verifies nothing; it must not become a 500.
    return false;
  }
}
