import type { DataSource, EntityManager } from 'typeorm';

import { isRetryableConflict } from './postgres-errors.js';

const ATTEMPTS = 3;

/**
 * Runs `work` in one transaction, again from the start when Postgres aborted it to break a
 * deadlock or a serialization conflict (SQLSTATE 40P01, 40001). Such an abort rolled everything
 * back, so a fresh attempt is safe; what the caller sees is one outcome, never a 500 for a race
 * between two valid requests. `work` must therefore touch nothing outside the transaction.
 */
export async function runTransaction<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e: unknown) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(e)) throw e;
    }
  }
}
