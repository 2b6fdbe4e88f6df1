import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';

import { actorOf } from '../access/principal.js';
import { principalOf } from '../access/guards.js';
import { runWithAuditAlerts } from '../audit/alert-on-audit-events.js';
import type { AuditActor } from '../audit/record-audit-event.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../ops/logger.js';
import type { RequestContext } from '../ops/request-context.js';
import type { Keyring } from '../secrets/keyring.js';
import type { Metrics } from '../ops/metrics.js';
import type { OutboundFetch, OutboundPolicy } from '../ops/outbound-http.js';

/** What every admin router is built from. */
export interface AdminDeps {
  db: DataSource;
  clock: Clock;
  keyring: Keyring;
  logger: Logger;
  publicUrl: string;
  metrics: Metrics;
  outboundPolicy: OutboundPolicy;
  outboundFetch: OutboundFetch;
  resolveTxt: (domain: string) => Promise<string[][]>;
}

/** The audit facts of one admin request. */
export interface AdminChange {
  orgId: string;
  actor: AuditActor;
  context: RequestContext;
  at: Date;
}

export function adminChangeOf(req: Request, clock: Clock): AdminChange {
  const principal = principalOf(req);
  return {
    orgId: principal.orgId,
    actor: actorOf(principal),
    context: req.context,
    at: clock.now(),
  };
}

/**
 * One admin change, one transaction: the guards have run, the action and its audit event commit
 * together or not at all. Alert-worthy actions also log one warning line after the commit.
 */
export async function runAdminChange<T>(
  deps: AdminDeps,
  req: Request,
  work: (manager: EntityManager, change: AdminChange) => Promise<T>,
): Promise<T> {
  const change = adminChangeOf(req, deps.clock);
  return runWithAuditAlerts(
    deps.db,
    deps.logger,
    { orgId: change.orgId, requestId: change.context.requestId },
    (manager) => work(manager, change),
  );
}
