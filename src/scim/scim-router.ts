import type { IncomingMessage } from 'node:http';

import express, { Router } from 'express';
import type { DataSource } from 'typeorm';

import type { Clock } from '../clock.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Keyring } from '../secrets/keyring.js';
import { createDiscoveryRouter } from './discovery-routes.js';
import { createGroupRouter } from './groups/group-routes.js';
import { MAX_BODY_BYTES, SCIM_MEDIA_TYPE } from './scim-constants.js';
import { createScimAuth } from './scim-auth.js';
import { createScimErrorHandler } from './scim-error-handler.js';
import { countScimOperations } from './scim-metrics.js';
import { ScimError } from './scim-error.js';
import { createUserRouter } from './users/user-routes.js';

export interface ScimRouterDeps {
  db: DataSource;
  clock: Clock;
  keyring: Keyring;
  logger: Logger;
  publicUrl: string;
  /** Counts SCIM operations when present (`createApp` always passes it). */
  metrics?: Metrics;
}

/**
 * The SCIM 2.0 service provider at `/scim/v2`: token first, then the body, then the resource
 * routes; everything that fails on the way is rendered by one SCIM error handler.
 */
const JSON_TYPES = [SCIM_MEDIA_TYPE, 'application/json'];

function isJsonBody(req: IncomingMessage): boolean {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === undefined ? req.headers['content-length'] !== '0' : JSON_TYPES.includes(type);
}

export function createScimRouter(deps: ScimRouterDeps): Router {
  const baseUrl = `${deps.publicUrl}/scim/v2`;
  const handlerDeps = { db: deps.db, clock: deps.clock, logger: deps.logger, baseUrl };
  const router = Router();

  if (deps.metrics) router.use(countScimOperations(deps.metrics));
  router.use(createScimAuth(deps));
  // IdPs send application/scim+json, application/json, or (some) no type at all on PATCH.
  router.use(express.json({ limit: MAX_BODY_BYTES, strict: false, type: isJsonBody }));
  // TODO(scim-bulk): Bulk, POST /.search and /Me are not implemented yet; the
  // ServiceProviderConfig says bulk is unsupported and these answer 501 (RFC 7644 §3.13).
  router.all(['/Bulk', '/.search', '/Users/.search', '/Groups/.search', '/Me'], () => {
    throw new ScimError(501, undefined, 'not implemented by this service provider');
  });
  router.use(createDiscoveryRouter(baseUrl));
  router.use('/Users', createUserRouter(handlerDeps));
  router.use('/Groups', createGroupRouter(handlerDeps));

  router.use(() => {
    throw ScimError.notFound('no such SCIM endpoint');
  });
  router.use(createScimErrorHandler(deps.logger));
  return router;
}
