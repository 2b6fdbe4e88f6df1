import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { Keyring } from './keyring.js';

const HASH_PURPOSE = 'token-hash-v1';
const SECRET_BYTES = 32;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** What a stored credential keeps: the hash and which key made it. Never the secret. */
export interface StoredSecret {
  hashKeyId: string;
  secretHash: string;
}

export interface ParsedToken {
  id: string;
  secret: string;
}

/** `<prefix>_<uuid>_<64 hex>`: the id finds the row, the secret proves possession. */
export function formatToken(prefix: string, id: string, secret: string): string {
  return `${prefix}_${id}_${secret}`;
}

export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('hex');
}

/** Splits a presented token; anything not exactly of our shape is `undefined`, never an error. */
export function parseToken(prefix: string, token: string): ParsedToken | undefined {
  const match = new RegExp(`^${prefix}_(${UUID})_([0-9a-f]{${SECRET_BYTES * 2}})$`).exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Keyed hash (HMAC-SHA-256) with the current key: a stolen table alone cannot test guesses. */
export function hashSecret(keyring: Keyring, secret: string): StoredSecret {
  const keyId = keyring.current.id;
  return { hashKeyId: keyId, secretHash: hmac(keyring.derive(keyId, HASH_PURPOSE)!, secret) };
}

/** Recomputes the hash with the key that made it and compares in constant time. */
export function verifySecret(keyring: Keyring, stored: StoredSecret, secret: string): boolean {
  const key = keyring.derive(stored.hashKeyId, HASH_PURPOSE);
  if (!key) return false;
  return safeEqual(hmac(key, secret), stored.secretHash);
}

/** The one constant-time comparison for secrets: equal-length digests, never early exit. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
