import type { EntityManager } from 'typeorm';

import type { MemberSource } from '../../entities/member.js';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import type { RequestContext } from '../ops/request-context.js';
import { findBuiltinRoleId } from '../orgs/create-organization.js';
import { hashDirectoryPassword } from './hash-password.js';
import {
  PROFILE_COLUMNS,
  PROFILE_FIELDS,
  profileParams,
  type MemberProfile,
} from './member-profile.js';
import { findMember, type MemberRecord } from './member-row.js';
import { checkProfile, translateProfileConflict } from './write-profile.js';

export interface ProvisionMemberInput {
  orgId: string;
  profile: MemberProfile;
  active: boolean;
  password?: string;
  source: MemberSource;
  scimConnectionId: string | null;
  /** The member's role; directory sources leave it out and get the built-in `member` role. */
  roleId?: string;
  actor: AuditActor;
  context?: RequestContext;
  at: Date;
}

/**
 * Adds a member with the `member` role unless a role is given (an accepted invitation names one):
 * directory attributes never grant a role by themselves.
 * Runs in the caller's transaction; a duplicate userName or externalId is a `MemberConflictError`.
 */
export async function provisionMember(
  manager: EntityManager,
  input: ProvisionMemberInput,
): Promise<MemberRecord> {
  await checkProfile(manager, input.orgId, input.profile);
  const roleId = input.roleId ?? (await findBuiltinRoleId(manager, input.orgId, 'member'));
  const passwordHash = input.password ? await hashDirectoryPassword(input.password) : null;

  const columns = PROFILE_FIELDS.map((f) => PROFILE_COLUMNS[f]);
  const fixed = ['org_id', 'role_id', 'status', 'source', 'scim_connection_id', 'password_hash'];
  const all = [...fixed, 'created_at', 'updated_at', ...columns];
  const placeholders = all.map((_, i) => `$${i + 1}`).join(', ');
  const values = [
    input.orgId,
    roleId,
    input.active ? 'active' : 'deprovisioned',
    input.source,
    input.scimConnectionId,
    passwordHash,
    input.at,
    input.at,
    ...profileParams(input.profile),
  ];

  let id: string;
  try {
    [{ id }] = await manager.query(
      `INSERT INTO members (${all.join(', ')}) VALUES (${placeholders}) RETURNING id`,
      values,
    );
  } catch (e: unknown) {
    translateProfileConflict(e);
  }

  const member = (await findMember(manager, input.orgId, id))!;
  // Last, so the organization's audit-chain lock is held only until the commit that follows.
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.member.provisioned',
    target: { type: 'member', id },
    payload: { userName: input.profile.userName, source: input.source, active: input.active },
    context: input.context,
    at: input.at,
  });
  return member;
}
