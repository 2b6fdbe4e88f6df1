import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { assertNotLastEnforced, lockSsoConnection } from './enable-sso-connection.js';

/**
 * Removes a connection. Its flows, assertion ids and identity links go with it (ON DELETE
 * CASCADE); members stay. With SSO enforced, the last enabled connection cannot be deleted.
 */
export async function deleteSsoConnection(
  manager: EntityManager,
  input: AuditedChange & { connectionId: string },
): Promise<void> {
  const row = await lockSsoConnection(manager, input.orgId, input.connectionId);
  if (row.enabled) await assertNotLastEnforced(manager, input.orgId, row.id);
  await manager.query('DELETE FROM sso_connections WHERE id = $1', [row.id]);

  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.sso.connection_deleted',
    target: { type: 'sso_connection', id: row.id },
    payload: { name: row.name, protocol: row.protocol },
    context: input.context,
    at: input.at,
  });
}
