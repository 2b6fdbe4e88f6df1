import type { NextFunction, Request, Response } from 'express';

import type { Metrics } from './metrics.js';
import { routeTemplateOf } from './route-template.js';

/**
 * Counts every answered request and its latency by method, route template and status. Mounted
 * after `trackRouteTemplate`; the labels are read when the response is finished, by which time
 * the route (if any) was chosen. A request whose client went away before the answer is counted
 * with status 499, so aborted slow requests still show in the latency.
 */
export function createHttpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let counted = false;
    const count = () => {
      if (counted) return;
      counted = true;
      const labels = {
        method: req.method,
        route: routeTemplateOf(req),
        status: String(res.writableFinished ? res.statusCode : 499),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once('finish', count);
    res.once('close', count);
    next();
  };
}
