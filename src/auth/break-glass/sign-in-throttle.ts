import type { EntityManager } from 'typeorm';

import { addressBlockOf } from './address-block.js';

// Rows whose window and lock have both ended are pruned hourly by `src/ops/housekeeping.ts`.

/** How many failures a key may collect in one window before it is locked, and for how long. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

const FIFTEEN_MINUTES = 15 * 60_000;
const ONE_HOUR = 60 * 60_000;

/**
 * One address guessing one account: 5 tries, then that address is off the account for 15
 * minutes. Only the guesser is locked, so nobody can lock the owner out from one address.
 */
export const PAIR_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: FIFTEEN_MINUTES,
  lockMs: FIFTEEN_MINUTES,
};

/** One address spraying many accounts. */
export const IP_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: FIFTEEN_MINUTES,
  lockMs: FIFTEEN_MINUTES,
};

/**
 * Many addresses guessing one account. Break-glass is the way in when SSO is broken, so a cheap
 * lock-out of it is itself an attack: the ceiling is the most NIST SP 800-63B §5.2.2 allows
 * (100 consecutive failures), and only a large distributed attack reaches it.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 100,
  windowMs: ONE_HOUR,
  lockMs: ONE_HOUR,
};

/** The counters one sign-in attempt is checked against and, when it fails, counted in. */
export interface ThrottleKeys {
  account: string;
  pair: string;
  ip: string;
}

/**
 * A key part with `:` and `%` escaped, case-folded: the separators then cannot be forged, so a
 * crafted email cannot land on another account's or address's counter.
 */
function keyPart(value: string): string {
  return value.toLowerCase().replace(/[%:]/g, (c) => encodeURIComponent(c));
}

/** Per account (organization slug and email), per account and address, and per address. */
export function throttleKeysOf(orgSlug: string, email: string, ip: string | null): ThrottleKeys {
  const address = keyPart(ip === null ? 'unknown' : addressBlockOf(ip));
  return {
    account: `bg:acct:${accountPart(orgSlug, email)}`,
    pair: `${pairPrefixOf(orgSlug, email)}${address}`,
    ip: `bg:ip:${address}`,
  };
}

function accountPart(orgSlug: string, email: string): string {
  return `${keyPart(orgSlug)}:${keyPart(email)}`;
}

/** What every per-address key of one account starts with. */
function pairPrefixOf(orgSlug: string, email: string): string {
  return `bg:pair:${accountPart(orgSlug, email)}:`;
}

/** The latest `locked_until` among the keys that are locked at `now`, if any. */
export async function findLockedUntil(
  manager: EntityManager,
  keys: string[],
  now: Date,
): Promise<Date | undefined> {
  const [row] = await manager.query(
    `SELECT max(locked_until) AS until FROM sign_in_throttle
      WHERE key = ANY($1::text[]) AND locked_until > $2`,
    [keys, now],
  );
  return row?.until ? new Date(row.until) : undefined;
}

/**
 * The counter after one failure, and whether this very failure locked the key.
 */
export interface FailureCount {
  failures: number;
  lockedUntil: Date | null;
  justLocked: boolean;
}

// One statement, so concurrent failures on Postgres each add one: the row lock of ON CONFLICT
// serialises them. A window that has ended starts over at 1. SET expressions read the old row.
const COUNT_FAILURE = `
  INSERT INTO sign_in_throttle AS t (key, failures, window_started_at, locked_until)
  VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5::timestamptz END)
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.failures + 1 END,
    window_started_at = CASE WHEN t.window_started_at <= $3 THEN $2 ELSE t.window_started_at END,
    locked_until = CASE
      WHEN (CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.failures + 1 END) >= $4 THEN $5
      WHEN t.window_started_at <= $3 THEN NULL
      ELSE t.locked_until END
  RETURNING failures, locked_until`;

/** Counts one failed sign-in against `key`; the failure that reaches the limit locks it. */
export async function countFailure(
  manager: EntityManager,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
): Promise<FailureCount> {
  const windowEndedBy = new Date(now.getTime() - policy.windowMs);
  const lockUntil = new Date(now.getTime() + policy.lockMs);
  const [row] = await manager.query(COUNT_FAILURE, [
    key,
    now,
    windowEndedBy,
    policy.maxFailures,
    lockUntil,
  ]);
  const failures = Number(row.failures);
  return {
    failures,
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
    justLocked: failures === policy.maxFailures,
  };
}

/** A successful sign-in forgets the failures counted under these keys. */
export async function clearFailures(manager: EntityManager, keys: string[]): Promise<void> {
  await manager.query('DELETE FROM sign_in_throttle WHERE key = ANY($1::text[])', [keys]);
}

/**
 * Forgets every failure counted against an account, from any address, and so lifts its locks
 * (the address-wide counters stay: they are about the addresses, not the account).
 */
export async function clearAccountFailures(
  manager: EntityManager,
  orgSlug: string,
  email: string,
): Promise<void> {
  await manager.query('DELETE FROM sign_in_throttle WHERE key = $1 OR left(key, length($2)) = $2', [
    `bg:acct:${accountPart(orgSlug, email)}`,
    pairPrefixOf(orgSlug, email),
  ]);
}
