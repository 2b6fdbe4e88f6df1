import type { EntityManager } from 'typeorm';

import type { InvitationStatus } from '../../../entities/invitation.js';
import { isUuid } from '../../db/uuid.js';
import { cursorKeySql } from '../../db/page-cursor.js';

/** What a client sees as an invitation's status: a pending one past its expiry is `expired`. */
export type InvitationState = InvitationStatus | 'expired';

export interface InvitationRecord {
  id: string;
  orgId: string;
  email: string;
  roleId: string;
  roleName: string;
  invitedByMemberId: string;
  invitedByUserName: string;
  status: InvitationStatus;
  /** `<hashKeyId>:<keyed hash>` of the token's secret. */
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
}

export const INVITATION_SELECT = `i.id, i.org_id AS "orgId", i.email, i.role_id AS "roleId",
  (SELECT r.name FROM roles r WHERE r.id = i.role_id) AS "roleName",
  i.invited_by_member_id AS "invitedByMemberId",
  (SELECT m.user_name FROM members m WHERE m.id = i.invited_by_member_id) AS "invitedByUserName",
  i.status, i.token_hash AS "tokenHash", i.expires_at AS "expiresAt",
  i.created_at AS "createdAt", i.updated_at AS "updatedAt", ${cursorKeySql('i')} AS "cursorAt"`;

/** Dates as `Date`, whichever engine answered. */
export function toInvitationRecord(row: Record<string, unknown>): InvitationRecord {
  return {
    ...(row as unknown as InvitationRecord),
    expiresAt: new Date(row.expiresAt as string),
    createdAt: new Date(row.createdAt as string),
    updatedAt: new Date(row.updatedAt as string),
  };
}

/** One invitation by id; `orgId` scopes it to the caller's organization when given. */
export async function findInvitation(
  manager: EntityManager,
  scope: { id: string; orgId?: string },
  options: { forUpdate?: boolean } = {},
): Promise<InvitationRecord | undefined> {
  if (!isUuid(scope.id)) return undefined;
  const [row] = await manager.query(
    `SELECT ${INVITATION_SELECT} FROM invitations i
      WHERE i.id = $1 AND ($2::uuid IS NULL OR i.org_id = $2::uuid)
      ${options.forUpdate ? 'FOR UPDATE OF i' : ''}`,
    [scope.id, scope.orgId ?? null],
  );
  return row ? toInvitationRecord(row) : undefined;
}

/** What a client sees: a pending invitation past its expiry is `expired`. */
export function stateOf(invitation: InvitationRecord, now: Date): InvitationState {
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() <= now.getTime()) {
    return 'expired';
  }
  return invitation.status;
}

/** An invitation as the admin API shows it; never the token or its hash. */
export function invitationView(invitation: InvitationRecord, now: Date) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: { id: invitation.roleId, name: invitation.roleName },
    invitedBy: { id: invitation.invitedByMemberId, userName: invitation.invitedByUserName },
    status: stateOf(invitation, now),
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
    updatedAt: invitation.updatedAt.toISOString(),
  };
}
