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
 * alert-worthy event that transaction wrote: those past the organization's last sequence number
 * at its start whose row it inserted (`xmin`, its transaction id). A client-chosen request id
 * therefore cannot replay other requests' alerts, the read stays a short index range however
 * long the trail grows, and it runs after the commit, outside the audit chain's lock.
 */
export async function runWithAuditAlerts<T>(
  db: DataSource,
  logger: Logger,
  scope: { orgId: string; requestId: string },
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  let mark: { seq: string; xid: string } | undefined;
  const result = await runTransaction(db, async (manager) => {
    [mark] = await manager.query(
      `SELECT coalesce(max(seq), 0)::text AS seq, pg_current_xact_id()::text AS xid
         FROM audit_events WHERE org_id = $1`,
      [scope.orgId],
    );
    return work(manager);
  });
  const alerts: AlertEvent[] = await db.query(
    `SELECT action, actor_type, actor_id, target_id FROM audit_events
      WHERE org_id = $1 AND seq > $2::bigint AND xmin = xid($3::xid8)
        AND action = ANY($4::text[])
      ORDER BY seq`,
    [scope.orgId, mark!.seq, mark!.xid, ALERT_ACTIONS],
  );
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
