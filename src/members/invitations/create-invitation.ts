import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import { assertCanGrantRole } from '../../access/role-grants.js';
import { RoleNotFoundError } from '../../access/roles/role-errors.js';
import { findRoleRow } from '../../access/roles/role-row.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { Keyring } from '../../secrets/keyring.js';
import type { Caller } from '../change-member-role.js';
import { findInvitation, type InvitationRecord } from './invitation-row.js';
import { INVITATION_LIFETIME_MS, issueInvitationToken } from './invitation-token.js';
import {
  assertEmailDomainAllowed,
  assertNoPendingInvitation,
  assertNotAMember,
  lockInvitee,
} from './invitee-checks.js';

export interface IssuedInvitation {
  invitation: InvitationRecord;
  /** Shown once: Tessera sends no email, so the inviter passes it on. */
  acceptToken: string;
}

/**
 * Invites an address into a role for seven days. Rule 9: never `owner`, and only a role whose
 * every permission the inviter holds. The address must fit the organization's domain allowlist,
 * must not be a member already, and must not have another pending invitation.
 */
export async function createInvitation(
  manager: EntityManager,
  keyring: Keyring,
  input: { email: string; roleId: string; caller: Caller },
  change: AuditedChange,
): Promise<IssuedInvitation> {
  const { orgId, at } = change;
  const role = await findRoleRow(manager, orgId, input.roleId, 'share');
  if (!role) throw new RoleNotFoundError();
  assertCanGrantRole(input.caller.permissions, role);
  await assertEmailDomainAllowed(manager, orgId, input.email);
  await lockInvitee(manager, orgId, input.email);
  await assertNotAMember(manager, orgId, input.email);
  await assertNoPendingInvitation(manager, { orgId, email: input.email, at });

  const id = randomUUID();
  const { token, tokenHash } = issueInvitationToken(keyring, id);
  const expiresAt = new Date(at.getTime() + INVITATION_LIFETIME_MS);
  await manager.query(
    `INSERT INTO invitations (id, org_id, email, role_id, invited_by_member_id, status,
       token_hash, expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $8)`,
    [id, orgId, input.email, role.id, input.caller.memberId, tokenHash, expiresAt, at],
  );

  await recordAuditEvent(manager, {
    ...change,
    action: 'organization.invitation.created',
    target: { type: 'invitation', id },
    payload: {
      email: input.email,
      roleId: role.id,
      role: role.name,
      expiresAt: expiresAt.toISOString(),
    },
  });
  return { invitation: (await findInvitation(manager, { id, orgId }))!, acceptToken: token };
}
