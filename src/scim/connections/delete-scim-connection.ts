import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { rowsOf } from '../../db/query-rows.js';
import { isUuid } from '../../db/uuid.js';
import { NotFoundError } from '../../errors.js';
import type { RequestContext } from '../../ops/request-context.js';

/**
 * Removes a directory. Its tokens go with it (ON DELETE CASCADE), so the IdP's next request is
 * 401. The members and teams it provisioned stay — deleting a connection must never deprovision
 * a workforce — but are released from it: with `scim_connection_id` NULL they are no longer
 * directory-managed, and admins may manage them by hand. The release is written here rather
 * than left to ON DELETE SET NULL so that it bumps each row's version and can be counted.
 */
export async function deleteScimConnection(
  manager: EntityManager,
  input: {
    orgId: string;
    connectionId: string;
    actor: AuditActor;
    context?: RequestContext;
    at: Date;
  },
): Promise<void> {
  const [connection] = isUuid(input.connectionId)
    ? await manager.query(
        'SELECT id, name FROM scim_connections WHERE id = $1 AND org_id = $2 FOR UPDATE',
        [input.connectionId, input.orgId],
      )
    : [];
  if (!connection) throw new NotFoundError('no such SCIM connection in this organization');

  const members = await releaseRows(manager, 'members', input.orgId, connection.id, input.at);
  const teams = await releaseRows(manager, 'teams', input.orgId, connection.id, input.at);
  await manager.query('DELETE FROM scim_connections WHERE id = $1', [connection.id]);

  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.scim.connection_deleted',
    target: { type: 'scim_connection', id: connection.id },
    payload: { name: connection.name, membersReleased: members, teamsReleased: teams },
    context: input.context,
    at: input.at,
  });
}

async function releaseRows(
  manager: EntityManager,
  table: 'members' | 'teams',
  orgId: string,
  connectionId: string,
  at: Date,
): Promise<number> {
  const result = await manager.query(
    `UPDATE ${table} SET scim_connection_id = NULL, version = version + 1, updated_at = $2
      WHERE org_id = $3 AND scim_connection_id = $1 RETURNING id`,
    [connectionId, at, orgId],
  );
  return rowsOf(result).length;
}
