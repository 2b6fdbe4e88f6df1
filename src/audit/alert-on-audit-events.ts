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
  'organization.settings.updated',
  'organization.audit.exported',
];

interface AlertEvent {
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_id: string | null;
}

/**
 * Runs `work` in one transaction and, once it has committed, logs one warning line per
 * alert-worthy event that transaction wrote. The events are read inside the transaction: those
 * past the organization's last sequence number at its start whose row this transaction inserted
 * (`xmin`). A client-chosen request id therefore cannot replay other requests' alerts, and the
 * read stays a short index range however long the trail grows.
 */
export async function runWithAuditAlerts<T>(
  db: DataSource,
  logger: Logger,
  scope: { orgId: string; requestId: string },
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const { result, alerts } = await runTransaction(db, async (manager) => {
    const [{ seq }] = await manager.query(
      'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_events WHERE org_id = $1',
      [scope.orgId],
    );
    const result = await work(manager);
    const alerts: AlertEvent[] = await manager.query(
      `SELECT action, actor_type, actor_id, target_id FROM audit_events
        WHERE org_id = $1 AND seq > $2::bigint AND xmin = xid(pg_current_xact_id())
          AND action = ANY($3::text[])
        ORDER BY seq`,
      [scope.orgId, seq, ALERT_ACTIONS],
    );
    return { result, alerts };
  });
  for (const event of alerts) {
    logger.warn(
      {
        alert: event.action,
        orgId: scope.orgId,
        requestId: scope.requestId,
        actor: { type: event.actor_type, id: event.actor_id },
        targetId: event.target_id,
      },
      'security alert',
    );
  }
  return result;
}
