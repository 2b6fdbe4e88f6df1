/** The columns every audit read selects, as the rows `toAuditEventView` expects. */
export const AUDIT_EVENT_COLUMNS = `a.id, a.seq::text AS seq, a.action, a.actor_type, a.actor_id,
  a.target_type, a.target_id, a.payload, a.request_id, a.ip, a.user_agent, a.created_at,
  a.prev_hash, a.hash`;

export interface AuditEventRow {
  id: string;
  seq: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  payload: Record<string, unknown>;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Date | string;
  prev_hash: string;
  hash: string;
}

/** One event as the admin API shows it. `seq` stays a decimal string: the column is a bigint. */
export function toAuditEventView(row: AuditEventRow) {
  return {
    id: row.id,
    seq: row.seq,
    action: row.action,
    actor: { type: row.actor_type, id: row.actor_id },
    target: row.target_type === null ? null : { type: row.target_type, id: row.target_id },
    payload: row.payload,
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** An exported event also carries its chain links, so a consumer can verify the export. */
export function toExportedAuditEvent(row: AuditEventRow) {
  return { ...toAuditEventView(row), prevHash: row.prev_hash, hash: row.hash };
}
