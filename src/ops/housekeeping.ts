import type { DataSource } from 'typeorm';

import { rowsOf } from '../db/query-rows.js';
import type { Logger } from './logger.js';

/** The longest window a throttle counter spans (the per-account hour); older rows count nothing. */
const LONGEST_THROTTLE_WINDOW_MS = 60 * 60_000;
const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

export interface PrunedRows {
  throttles: number;
  flows: number;
  assertionIds: number;
}

/**
 * Deletes state that can no longer change an answer: throttle counters whose window and lock
 * have both ended, SSO flows past their expiry, and SAML assertion ids past the time their
 * assertion could be accepted. Each is one statement, safe to run on several instances at once.
 */
export async function pruneExpiredState(db: DataSource, now: Date): Promise<PrunedRows> {
  const windowStart = new Date(now.getTime() - LONGEST_THROTTLE_WINDOW_MS);
  const throttles = await db.query(
    `DELETE FROM sign_in_throttle
      WHERE window_started_at < $1 AND (locked_until IS NULL OR locked_until < $2)
      RETURNING key`,
    [windowStart, now],
  );
  const flows = await db.query('DELETE FROM sso_flows WHERE expires_at < $1 RETURNING id', [now]);
  const assertionIds = await db.query(
    'DELETE FROM sso_assertion_ids WHERE expires_at < $1 RETURNING assertion_id',
    [now],
  );
  return {
    throttles: rowsOf(throttles).length,
    flows: rowsOf(flows).length,
    assertionIds: rowsOf(assertionIds).length,
  };
}

/** Runs `pruneExpiredState` hourly. Unref'd: it never keeps the process alive. */
export function startHousekeeping(db: DataSource, clock: { now(): Date }, logger: Logger) {
  const round = () => {
    pruneExpiredState(db, clock.now()).then(
      (pruned) => logger.debug(pruned, 'expired sign-in state pruned'),
      (e: unknown) => logger.warn({ err: e }, 'housekeeping round failed'),
    );
  };
  return setInterval(round, HOUSEKEEPING_EVERY_MS).unref();
}
