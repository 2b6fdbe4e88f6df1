import type { DataSource } from 'typeorm';

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

/**
 * Logs one warning line per alert-worthy event a request wrote. Read back from the trail rather
 * than passed along, so the line exists only for what actually committed.
 */
export async function alertOnAuditEvents(
  db: DataSource,
  logger: Logger,
  scope: { orgId: string; requestId: string },
): Promise<void> {
  const events: { action: string; actor_type: string; actor_id: string; target_id: string }[] =
    await db.query(
      `SELECT action, actor_type, actor_id, target_id FROM audit_events
        WHERE org_id = $1 AND request_id = $2 AND action = ANY($3::text[]) ORDER BY seq`,
      [scope.orgId, scope.requestId, ALERT_ACTIONS],
    );
  for (const event of events) {
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
}
