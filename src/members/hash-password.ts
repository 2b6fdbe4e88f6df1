import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (p: string, s: Buffer, n: number) => Promise<Buffer>;

/**
 * SCIM may send a password (RFC 7643 §4.1.1). Tessera signs members in through their IdP and has
 * no use for it, but it must not store it readable: it keeps a salted scrypt hash only.
 */
export async function hashDirectoryPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}
