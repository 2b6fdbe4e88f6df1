import type { DataSource, EntityManager } from 'typeorm';

import { runTransaction } from '../db/run-transaction.js';
import type { Logger } from '../ops/logger.js';

/**
 * DESIGN rule 6: the actions a security team wants to hear about at once. Each audited one also
 * writes one warning log line, after its transaction commits, for log-based alerting.
 */
export const ALERT_ACTIONS: readonly string[] = [
  'auth.break_glass.used',
  'auth.break_glass.locked_out',
  'organization.api_key.created',
  'organization.api_key.deleted',
  'organization.member.role_updated',
  'organization.member.removed',
  'organization.member.ownership_transferred',
  'organization.invitation.created',
  'organization.invitation.refreshed',
  'organization.invitation.canceled',
  'organization.role.created',
  'organization.role.updated',
  'organization.role.deleted',
  'organization.scim.connection_created',
  'organization.scim.token_rotated',
  'organization.scim.connection_deleted',
  'organization.sso.connection_registered',
  'organization.sso.connection_deleted',
  'organization.sso.connection_updated',
  'organization.sso.connection_enabled',
  'organization.sso.connection_disabled',
  'organization.sso.domain_verified',
  // A webhook endpoint is a way to move member data out of Tessera.
  'organization.webhook.created',
  'organization.webhook.updated',
  'organization.webhook.deleted',
  'organization.webhook.secret_rotated',
  'organization.encryption.keys_rotated',
  'organization.settings.updated',
  'organization.audit.exported',
];

/** What an alert line names: the action, who did it, and to what. */
export interface AlertEvent {
  action: string;
  actor: { type: string; id: string | null };
  targetId: string | null;
}

/** Where a transaction's alert-worthy events wait for its commit: its query runner's user data. */
const PENDING_ALERTS = 'tesseraPendingAlerts';

/**
 * Notes an alert-worthy event on the transaction that wrote it. No query and no shared state:
 * the note lives and dies with that transaction's query runner.
 */
export function noteAuditAlert(manager: EntityManager, event: AlertEvent): void {
  if (!ALERT_ACTIONS.includes(event.action)) return;
  const data = manager.queryRunner?.data as Record<string, AlertEvent[] | undefined> | undefined;
  if (data) (data[PENDING_ALERTS] ??= []).push(event);
}

/**
 * Runs `work` in one transaction and, once it has committed, logs one warning line per
 * alert-worthy event that transaction recorded. The events come from the transaction itself,
 * never from a lookup by request id, so a client-chosen id cannot replay other requests' alerts,
 * and nothing is read from the database for it.
 */
export async function runWithAuditAlerts<T>(
  db: DataSource,
  logger: Logger,
  scope: { orgId: string; requestId: string },
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  let alerts: AlertEvent[] = [];
  const result = await runTransaction(db, async (manager) => {
    const value = await work(manager);
    const data = manager.queryRunner?.data as Record<string, AlertEvent[] | undefined>;
    alerts = data?.[PENDING_ALERTS] ?? [];
    return value;
  });
  for (const event of alerts) {
    logger.warn(
      {
        alert: event.action,
        orgId: scope.orgId,
        requestId: scope.requestId,
        actor: event.actor,
        targetId: event.targetId,
      },
      'security alert',
    );
  }
  return result;
}
