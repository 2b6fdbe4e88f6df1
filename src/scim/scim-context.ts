import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';

import type { AuditActor } from '../audit/record-audit-event.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runWithAuditAlerts } from '../audit/alert-on-audit-events.js';
import type { Clock } from '../clock.js';
import { LastOwnerError } from '../members/member-errors.js';
import type { Logger } from '../ops/logger.js';
import type { RequestContext } from '../ops/request-context.js';
import { ScimError } from './scim-error.js';

/** What every SCIM handler is built from. */
export interface ScimDeps {
  db: DataSource;
  clock: Clock;
  logger: Logger;
  /** `PUBLIC_URL/scim/v2`, the base of every `location` and `$ref`. */
  baseUrl: string;
}

/** The audit facts of one SCIM request: the connection acts, at one instant. */
export interface ScimChange {
  orgId: string;
  connectionId: string;
  actor: AuditActor;
  context: RequestContext;
  at: Date;
}

export function scimChangeOf(req: Request, clock: Clock): ScimChange {
  return {
    orgId: req.scim.orgId,
    connectionId: req.scim.connectionId,
    actor: { type: 'scim_connection', id: req.scim.connectionId },
    context: req.context,
    at: clock.now(),
  };
}

/**
 * Runs one SCIM write in one transaction (STYLE 8): every change and its audit events commit
 * together or not at all. A refused last-owner deprovisioning is recorded afterwards in its own
 * transaction, since the refused change rolled back.
 */
export async function runScimWrite<T>(
  deps: ScimDeps,
  change: ScimChange,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    const scope = { orgId: change.orgId, requestId: change.context.requestId };
    return await runWithAuditAlerts(deps.db, deps.logger, scope, work);
  } catch (e: unknown) {
    if (!(e instanceof LastOwnerError)) throw e;
    await deps.db.transaction((manager) =>
      recordAuditEvent(manager, {
        orgId: change.orgId,
        actor: change.actor,
        action: 'organization.member.deprovision_refused',
        target: { type: 'member', id: e.memberId },
        payload: { reason: 'last_owner' },
        context: change.context,
        at: change.at,
      }),
    );
    throw ScimError.mutability(e.message);
  }
}
