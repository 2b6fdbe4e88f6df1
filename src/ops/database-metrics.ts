import type { DataSource } from 'typeorm';

import type { Metrics } from './metrics.js';

const SCRAPE_QUERY_TIMEOUT_MS = 1000;
const SQLSTATE = /^[0-9A-Z]{5}$/;

// The events migration (1765100000000) keeps one delivery row per event and endpoint; the ones
// still pending are the outbox's backlog. Read only once that table exists.
const OUTBOX_READY_SQL = `SELECT 1 FROM information_schema.tables
  WHERE table_schema = current_schema() AND table_name = 'webhook_deliveries'`;
const OUTBOX_DEPTH_SQL = `SELECT count(*)::int AS depth FROM webhook_deliveries
  WHERE status = 'pending'`;

interface PoolCounts {
  totalCount?: unknown;
  idleCount?: unknown;
  waitingCount?: unknown;
}

const hooked = new WeakMap<DataSource, Metrics>();

/**
 * Counts failed queries by SQLSTATE class (`23` integrity, `40` rollback, `57` operator
 * intervention…) through TypeORM's logger hook, which sees every failed query. Only the code is
 * read: the query's text and parameters can hold personal data and secret hashes.
 */
export function countQueryErrors(db: DataSource, metrics: Metrics): void {
  const already = hooked.has(db);
  hooked.set(db, metrics);
  if (already) return;
  const logger = db.logger;
  const original = logger.logQueryError.bind(logger);
  logger.logQueryError = (error, query, parameters, queryRunner) => {
    hooked.get(db)?.dbQueryErrors.inc({ code: sqlStateClassOf(error) });
    return original(error, query, parameters, queryRunner);
  };
}

/** `23505` → `23`; a failure without a SQLSTATE (a dropped connection) is `connection`. */
export function sqlStateClassOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code.slice(0, 2) : 'connection';
}

/**
 * Sets the gauges that are read at scrape time: the pool's connections (pg's Pool counts; the
 * embedded PGlite has one session, lent to one caller at a time, and keeps no counts) and the
 * outbox depth. A database that does not answer leaves the last values: `/metrics` must answer
 * during an outage, when it matters most.
 */
export async function collectDatabaseGauges(db: DataSource, metrics: Metrics): Promise<void> {
  const pool = poolOf(db);
  if (typeof pool?.totalCount === 'number') {
    metrics.dbPoolTotal.set(pool.totalCount);
    metrics.dbPoolIdle.set(Number(pool.idleCount) || 0);
    metrics.dbPoolWaiting.set(Number(pool.waitingCount) || 0);
  } else {
    // TODO(pglite-pool-metrics): the serialized PGlite pool could count its queue; one session.
    metrics.dbPoolTotal.set(db.isInitialized ? 1 : 0);
  }
  const depth = await readOutboxDepth(db);
  if (depth !== undefined) metrics.outboxDepth.set(depth);
}

function poolOf(db: DataSource): PoolCounts | undefined {
  if (!db.isInitialized) return undefined;
  return (db.driver as unknown as { master?: PoolCounts }).master;
}

/**
 * Event deliveries still pending, once the events migration has made their table; until then
 * (and when the database does not answer in time) there is no value to report.
 */
async function readOutboxDepth(db: DataSource): Promise<number | undefined> {
  if (!db.isInitialized) return undefined;
  return withTimeout(async () => {
    const exists = await db.query(OUTBOX_READY_SQL);
    if (exists.length === 0) return undefined;
    const [row] = await db.query(OUTBOX_DEPTH_SQL);
    return Number(row?.depth ?? 0);
  });
}

async function withTimeout<T>(work: () => Promise<T | undefined>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), SCRAPE_QUERY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
