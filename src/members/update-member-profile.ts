import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import type { RequestContext } from '../ops/request-context.js';
import { hashDirectoryPassword } from './hash-password.js';
import {
  PROFILE_COLUMNS,
  PROFILE_FIELDS,
  profileParams,
  type MemberProfile,
} from './member-profile.js';
import { findMember, type MemberRecord } from './member-row.js';
import { checkProfile, translateProfileConflict } from './write-profile.js';

export interface UpdateMemberProfileInput {
  member: MemberRecord;
  profile: MemberProfile;
  /** A new directory password to hash, or undefined to keep the current one. */
  password?: string;
  actor: AuditActor;
  context?: RequestContext;
  at: Date;
}

/**
 * Replaces a member's directory attributes (not status or role: those have their own paths so
 * their side effects cannot be skipped). Bumps the version, records which fields changed.
 */
export async function updateMemberProfile(
  manager: EntityManager,
  input: UpdateMemberProfileInput,
): Promise<MemberRecord> {
  const { member, profile } = input;
  const changed = PROFILE_FIELDS.filter(
    (f) => canonicalJson(member[f]) !== canonicalJson(profile[f]),
  );
  if (changed.length === 0 && input.password === undefined) return member;
  await checkProfile(manager, member.orgId, profile, member.id);

  const assignments = PROFILE_FIELDS.map((f, i) => `${PROFILE_COLUMNS[f]} = $${i + 4}`);
  const passwordHash = input.password ? await hashDirectoryPassword(input.password) : null;
  try {
    await manager.query(
      `UPDATE members SET ${assignments.join(', ')}, version = version + 1, updated_at = $2,
              password_hash = COALESCE($3, password_hash)
        WHERE id = $1`,
      [member.id, input.at, passwordHash, ...profileParams(profile)],
    );
  } catch (e: unknown) {
    translateProfileConflict(e);
  }

  const updated = (await findMember(manager, member.orgId, member.id))!;
  // Last, so the organization's audit-chain lock is held only until the commit that follows.
  await recordAuditEvent(manager, {
    orgId: member.orgId,
    actor: input.actor,
    action: 'organization.member.updated',
    target: { type: 'member', id: member.id },
    payload: {
      userName: profile.userName,
      changed: changed.join(','),
      passwordChanged: input.password !== undefined,
    },
    context: input.context,
    at: input.at,
  });
  return updated;
}

/**
 * JSON text with object keys sorted. jsonb keeps no key order, so a stored `{type, value}` must
 * equal an incoming `{value, type}`, or an unchanged PUT would bump the version.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
