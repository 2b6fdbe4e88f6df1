import { createHash } from 'node:crypto';

import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';

import { safeEqual } from '../secrets/tokens.js';
import { collectDatabaseGauges } from './database-metrics.js';
import { isDatabaseReachable } from './health.js';
import type { Metrics } from './metrics.js';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * `GET /metrics`, Prometheus text format. With `TESSERA_METRICS_TOKEN` set the scraper must send
 * it as a bearer token (RFC 6750 §2.1); the series name organizations' connection ids and reveal
 * traffic, so a public deployment should set it.
 */
export function createMetricsRouter(deps: {
  db: DataSource;
  metrics: Metrics;
  metricsToken?: string;
}): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (deps.metricsToken !== undefined && !presentsToken(req, deps.metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).json({ error: 'unauthenticated', message: 'a metrics token is required' });
      return;
    }
    // Probed at scrape time too: a server nobody health-checks must not read as unready.
    deps.metrics.ready.set((await isDatabaseReachable(deps.db)) ? 1 : 0);
    await collectDatabaseGauges(deps.db, deps.metrics);
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function presentsToken(req: Request, expected: string): boolean {
  const presented = BEARER.exec(req.get('authorization') ?? '')?.[1];
  if (presented === undefined) return false;
  return safeEqual(digest(presented), digest(expected));
}

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
