import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { DataSource } from 'typeorm';

import type { Clock } from './clock.js';
import { createHealthRouter } from './ops/health.js';
import type { Logger } from './ops/logger.js';
import { assignRequestContext } from './ops/request-context.js';
import { createOpenApiRouter } from './ops/openapi-route.js';
import { createAdminRouter } from './admin/admin-router.js';
import { createAuthRouter } from './auth/auth-router.js';
import { createSsoRouter } from './sso/flow/index.js';
import { createScimRouter } from './scim/scim-router.js';
import type { Keyring } from './secrets/keyring.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { countCommittedWork } from './ops/commit-metrics.js';
import { countQueryErrors } from './ops/database-metrics.js';
import { createHttpMetrics } from './ops/http-metrics.js';
import { createMetricsRouter } from './ops/metrics-route.js';
import { routeTemplateOf, trackRouteTemplate } from './ops/route-template.js';
import {
  createOutboundFetch,
  DEFAULT_OUTBOUND_POLICY,
  type OutboundFetch,
  type OutboundPolicy,
} from './ops/outbound-http.js';
import { resolveTxt } from 'node:dns/promises';

/** Everything the HTTP application is built from; `main.ts` wires the real ones. */
export interface AppDeps {
  db: DataSource;
  logger: Logger;
  clock: Clock;
  keyring: Keyring;
  publicUrl: string;
  /** Proxies allowed to name the client address (`TESSERA_TRUSTED_PROXIES`); loopback if unset. */
  trustedProxies?: string[];
  /** Prometheus series; a fresh registry when absent. */
  metrics?: Metrics;
  /** `TESSERA_METRICS_TOKEN`: when set, `/metrics` needs it as a bearer token. */
  metricsToken?: string;
  /** Rules for requests to admin-supplied URLs (metadata, OIDC, webhooks). */
  outboundPolicy?: OutboundPolicy;
  /** Fetch for admin-supplied URLs; built from `outboundPolicy` when absent. */
  outboundFetch?: OutboundFetch;
  /** DNS TXT lookups for domain verification; injectable so tests need no network. */
  resolveTxt?: (domain: string) => Promise<string[][]>;
}

/** `AppDeps` with every optional part filled in: what routers are built from. */
export type ResolvedAppDeps = Required<Omit<AppDeps, 'trustedProxies' | 'metricsToken'>> &
  Pick<AppDeps, 'trustedProxies' | 'metricsToken'>;

export function resolveAppDeps(deps: AppDeps): ResolvedAppDeps {
  const outboundPolicy = deps.outboundPolicy ?? DEFAULT_OUTBOUND_POLICY;
  return {
    ...deps,
    metrics: deps.metrics ?? createMetrics(),
    outboundPolicy,
    outboundFetch: deps.outboundFetch ?? createOutboundFetch(outboundPolicy),
    resolveTxt: deps.resolveTxt ?? resolveTxt,
  };
}

/** The composition root: every router is built here from named dependencies. */
export function createApp(appDeps: AppDeps): Express {
  const deps = resolveAppDeps(appDeps);
  const app = express();
  app.disable('x-powered-by');
  // SCIM ETags are resource versions (RFC 7644 §3.14); Express's body hashes would muddle them.
  app.set('etag', false);
  app.set('trust proxy', deps.trustedProxies ?? ['loopback']);
  app.set('query parser', 'simple');

  app.use(assignRequestContext);
  app.use(trackRouteTemplate);
  app.use(createHttpMetrics(deps.metrics));
  countQueryErrors(deps.db, deps.metrics);
  countCommittedWork(deps.db, deps.metrics);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req) => (req as Request).context.requestId,
      // Also called as the request arrives; only the answer's line knows the route and caller.
      customProps: (req, res) => (res.headersSent ? requestLogProps(req as Request) : {}),
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: stripQuery(req.url) }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.use(createHealthRouter(deps.db, deps.metrics));
  app.use(createMetricsRouter(deps));
  app.use(createOpenApiRouter());
  app.use('/scim/v2', createScimRouter(deps));
  app.use('/auth', createAuthRouter(deps));
  app.use('/sso', createSsoRouter(deps));
  app.use('/api/v1', createAdminRouter(deps));

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'no such route' });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ err: error, requestId: req.context?.requestId }, 'request failed');
    res.status(500).json({ error: 'server_error', message: 'server_error' });
  });
  return app;
}

/** What the one line per answered request adds to pino-http's id, method, status and time. */
function requestLogProps(req: Request): Record<string, string | undefined> {
  return {
    orgId: req.scim?.orgId ?? req.principal?.orgId,
    route: routeTemplateOf(req),
  };
}

/** Query strings can carry filters with personal data; request logs keep the path only. */
function stripQuery(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
