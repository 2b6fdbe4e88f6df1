import type { EntityManager } from 'typeorm';

// TODO(throttle-cleanup): rows whose window and lock have both ended are dead weight; prune them
// in a periodic job once Tessera has one. Not now: there is no scheduler, and they are small.

/** How many failures a key may collect in one window before it is locked, and for how long. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

const FIFTEEN_MINUTES = 15 * 60_000;

/** A guessed account: 5 tries, then 15 minutes off (NIST SP 800-63B §5.2.2 allows up to 100). */
export const ACCOUNT_POLICY: ThrottlePolicy = {
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

/** Keys are per account (organization slug and email, case-folded) and per source address. */
export function accountThrottleKey(orgSlug: string, email: string): string {
  return `bg:acct:${orgSlug.toLowerCase()}:${email.toLowerCase()}`;
}

export function ipThrottleKey(ip: string | null): string {
  return `bg:ip:${ip ?? 'unknown'}`;
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

/** A successful sign-in forgets the account's earlier failures (not the address's). */
export async function clearFailures(manager: EntityManager, key: string): Promise<void> {
  await manager.query('DELETE FROM sign_in_throttle WHERE key = $1', [key]);
}
