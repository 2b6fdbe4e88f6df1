import type { EntityManager } from 'typeorm';

import type { PageCursor } from '../../db/page-cursor.js';
import { pageOfRows } from '../../db/page-cursor.js';
import {
  INVITATION_SELECT,
  toInvitationRecord,
  type InvitationRecord,
  type InvitationState,
} from './invitation-row.js';

/** `pending` means still usable; a pending invitation past its expiry is `expired`. */
const LIST_INVITATIONS = `SELECT ${INVITATION_SELECT} FROM invitations i
  WHERE i.org_id = $1
    AND ($2::text IS NULL
      OR ($2::text = 'pending' AND i.status = 'pending' AND i.expires_at > $3::timestamptz)
      OR ($2::text = 'expired' AND i.status = 'pending' AND i.expires_at <= $3::timestamptz)
      OR ($2::text IN ('accepted', 'canceled') AND i.status = $2::text))
    AND ($4::timestamptz IS NULL OR (i.created_at, i.id) > ($4::timestamptz, $5::uuid))
  ORDER BY i.created_at, i.id
  LIMIT $6`;

/** One keyset page of an organization's invitations, oldest first, optionally by status. */
export async function listInvitations(
  manager: EntityManager,
  orgId: string,
  query: { status?: InvitationState; now: Date; limit: number; after?: PageCursor },
): Promise<{ invitations: InvitationRecord[]; nextCursor: string | null }> {
  const rows = await manager.query(LIST_INVITATIONS, [
    orgId,
    query.status ?? null,
    query.now,
    query.after?.at ?? null,
    query.after?.id ?? null,
    query.limit + 1,
  ]);
  const page = pageOfRows<InvitationRecord>(rows.map(toInvitationRecord), query.limit);
  return { invitations: page.rows, nextCursor: page.nextCursor };
}
