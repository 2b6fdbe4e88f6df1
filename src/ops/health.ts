import { Router } from 'express';
import type { DataSource } from 'typeorm';

import type { Metrics } from './metrics.js';

const READINESS_TIMEOUT_MS = 2000;

/**
 * `/healthz`: the process answers. `/readyz`: it can also reach its database; the answer also
 * sets `tessera_ready` (as does every scrape of `/metrics`).
 */
export function createHealthRouter(db: DataSource, metrics?: Metrics): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const ready = await isDatabaseReachable(db);
    metrics?.ready.set(ready ? 1 : 0);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable' });
  });

  return router;
}

/** `SELECT 1` within two seconds; false on error, timeout, or a database not opened. */
export async function isDatabaseReachable(db: DataSource): Promise<boolean> {
  if (!db.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  const probe = db.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
