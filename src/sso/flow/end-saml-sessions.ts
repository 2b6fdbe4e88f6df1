import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { rowsOf } from '../../db/query-rows.js';
import type { RequestContext } from '../../ops/request-context.js';
import type { SsoConnectionRecord } from '../sso-types.js';

export interface EndSamlSessionsInput {
  connection: SsoConnectionRecord;
  nameId: string;
  /** Empty: every session of the NameID at this connection (Core §3.7.1). */
  sessionIndexes: string[];
  context: RequestContext;
  at: Date;
}

const DELETE_BY_NAME_ID = `DELETE FROM sessions
  WHERE org_id = $1 AND sso_connection_id = $2 AND sso_name_id = $3
  RETURNING member_id`;
const DELETE_BY_SESSION_INDEX = `DELETE FROM sessions
  WHERE org_id = $1 AND sso_connection_id = $2 AND sso_name_id = $3
    AND sso_session_index = ANY($4::text[])
  RETURNING member_id`;

/**
 * Profiles §4.4.4.2: the IdP's LogoutRequest ends the sessions this SP holds for the principal —
 * only those made through THIS connection for THIS NameID, and, when the request names
 * SessionIndex values, only the sessions among them. Runs in the caller's transaction; one audit
 * event `member.sso.signed_out` per member whose sessions ended. Returns the sessions ended.
 */
export async function endSamlSessions(
  manager: EntityManager,
  input: EndSamlSessionsInput,
): Promise<number> {
  const { connection } = input;
  const params: unknown[] = [connection.orgId, connection.id, input.nameId];
  const result =
    input.sessionIndexes.length === 0
      ? await manager.query(DELETE_BY_NAME_ID, params)
      : await manager.query(DELETE_BY_SESSION_INDEX, [...params, input.sessionIndexes]);
  const ended = rowsOf<{ member_id: string }>(result);

  const perMember = new Map<string, number>();
  for (const row of ended) perMember.set(row.member_id, (perMember.get(row.member_id) ?? 0) + 1);
  for (const [memberId, count] of perMember) {
    await recordAuditEvent(manager, {
      orgId: connection.orgId,
      actor: { type: 'member', id: memberId },
      action: 'member.sso.signed_out',
      target: { type: 'member', id: memberId },
      payload: { connectionId: connection.id, sessionsEnded: count, initiatedBy: 'idp' },
      context: input.context,
      at: input.at,
    });
  }
  return ended.length;
}
