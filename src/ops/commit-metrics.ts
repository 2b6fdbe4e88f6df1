import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import type { Metrics } from './metrics.js';

/** A count to make once the transaction that did the work has committed. */
export type CommittedCount = (metrics: Metrics) => void;

/** Where a transaction's counts wait for its commit: its query runner's user data. */
const PENDING = 'tesseraPendingMetrics';

type RunnerData = Record<string, CommittedCount[] | undefined>;

/**
 * Notes a count on the transaction that does the work. It is made after COMMIT and dropped on
 * ROLLBACK, so a deprovisioning that rolled back (last owner, crash, lost race) is not counted.
 * Outside a transaction there is nothing to wait for, and nothing is counted.
 */
export function noteCommittedCount(manager: EntityManager, count: CommittedCount): void {
  const data = manager.queryRunner?.data as RunnerData | undefined;
  if (data && manager.queryRunner?.isTransactionActive) (data[PENDING] ??= []).push(count);
}

/**
 * Hooks a DataSource so that counts noted on its transactions reach `metrics` after commit. One
 * subscriber per DataSource; a later app on the same DataSource (tests) takes the counts over.
 */
export function countCommittedWork(db: DataSource, metrics: Metrics): void {
  const existing = db.subscribers.find((s): s is CommitCounter => s instanceof CommitCounter);
  if (existing) {
    existing.metrics = metrics;
    return;
  }
  db.subscribers.push(new CommitCounter(metrics));
}

class CommitCounter implements EntitySubscriberInterface {
  constructor(public metrics: Metrics) {}

  afterTransactionCommit(event: { queryRunner: QueryRunner }): void {
    // A released savepoint also "commits"; only the outermost commit makes the work durable.
    if (event.queryRunner.isTransactionActive) return;
    const data = event.queryRunner.data as RunnerData;
    const counts = data[PENDING] ?? [];
    delete data[PENDING];
    for (const count of counts) count(this.metrics);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    if (event.queryRunner.isTransactionActive) return;
    delete (event.queryRunner.data as RunnerData)[PENDING];
  }
}
