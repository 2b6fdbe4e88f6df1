import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import { rowsOf } from '../db/query-rows.js';
import { noteCommittedCount } from '../ops/commit-metrics.js';
import type { RequestContext } from '../ops/request-context.js';
import { LastOwnerError } from './member-errors.js';
import type { MemberRecord } from './member-row.js';
import { lockActiveOwners } from './owner-lock.js';

export type DeprovisionReason = 'scim_deactivated' | 'scim_deleted' | 'admin_removed';

export interface DeprovisionInput {
  member: MemberRecord;
  reason: DeprovisionReason;
  actor: AuditActor;
  context?: RequestContext;
  at: Date;
}

export interface DeprovisionOutcome {
  sessionsRevoked: number;
  apiKeysRevoked: string[];
  /** Live keys the member issued for other members, with whom each acted for. */
  issuedKeysRevoked: { id: string; memberId: string }[];
  invitationsCanceled: string[];
}

/** The `source` label of `tessera_deprovisionings_total`. */
const SOURCE_OF: Record<DeprovisionReason, string> = {
  scim_deactivated: 'scim',
  scim_deleted: 'scim',
  admin_removed: 'admin',
};

const OWN_KEY = 'member_deprovisioned';
const ISSUED_KEY = 'issuer_deprovisioned';

/**
 * Rule 3: deprovisioning revokes everything the member could still act with — sessions, API keys
 * issued for them or by them, pending invitations they sent or that are addressed to them — and
 * records it, all in the caller's transaction, so a crash midway leaves the member untouched.
 */
export async function deprovisionMember(
  manager: EntityManager,
  input: DeprovisionInput,
): Promise<DeprovisionOutcome> {
  const { member, at } = input;
  await assertNotLastOwner(manager, member);

  const sessions = await manager.query('DELETE FROM sessions WHERE member_id = $1 RETURNING id', [
    member.id,
  ]);
  const keys = await revokeKeysOf(manager, member.id, at);
  const invitations = await manager.query(
    `UPDATE invitations SET status = 'canceled', updated_at = $3
      WHERE org_id = $2 AND status = 'pending'
        AND (invited_by_member_id = $1 OR lower(email) = ANY($4::text[]))
      RETURNING id`,
    [member.id, member.orgId, at, addressesOf(member)],
  );
  await manager.query(
    `UPDATE members SET status = 'deprovisioned', version = version + 1, updated_at = $2
      WHERE id = $1`,
    [member.id, at],
  );

  const outcome: DeprovisionOutcome = {
    sessionsRevoked: rowsOf(sessions).length,
    apiKeysRevoked: keys.filter((k) => k.reason === OWN_KEY).map((k) => k.id),
    issuedKeysRevoked: keys
      .filter((k) => k.reason === ISSUED_KEY)
      .map((k) => ({ id: k.id, memberId: k.memberId })),
    invitationsCanceled: rowsOf<{ id: string }>(invitations).map((r) => r.id),
  };
  await recordDeprovisioning(manager, input, outcome);
  const source = SOURCE_OF[input.reason];
  noteCommittedCount(manager, (metrics) => metrics.deprovisionings.inc({ source }));
  return outcome;
}

/**
 * One statement for both kinds of key: those acting for the member, and those the member issued
 * for others, which would otherwise outlive the person who vouched for them.
 */
async function revokeKeysOf(manager: EntityManager, memberId: string, at: Date) {
  const result = await manager.query(
    `UPDATE api_keys SET revoked_at = $2,
            revoked_reason = CASE WHEN member_id = $1 THEN $3::text ELSE $4::text END
      WHERE (member_id = $1 OR issued_by_member_id = $1) AND revoked_at IS NULL
      RETURNING id, member_id AS "memberId", revoked_reason AS reason`,
    [memberId, at, OWN_KEY, ISSUED_KEY],
  );
  return rowsOf<{ id: string; memberId: string; reason: string }>(result);
}

/**
 * Locks the organization's active owners so two concurrent deprovisionings cannot each see
 * "another owner remains" and together remove both.
 */
async function assertNotLastOwner(manager: EntityManager, member: MemberRecord): Promise<void> {
  if (member.roleName !== 'owner' || member.status !== 'active') return;
  const owners = await lockActiveOwners(manager, member.orgId);
  if (!owners.some((id) => id !== member.id)) throw new LastOwnerError(member.id);
}

async function recordDeprovisioning(
  manager: EntityManager,
  input: DeprovisionInput,
  outcome: DeprovisionOutcome,
): Promise<void> {
  const { member, actor, context, at } = input;
  const base = { orgId: member.orgId, actor, context, at };
  await recordAuditEvent(manager, {
    ...base,
    action: 'organization.member.deprovisioned',
    target: { type: 'member', id: member.id },
    payload: {
      userName: member.userName,
      reason: input.reason,
      sessionsRevoked: outcome.sessionsRevoked,
      apiKeysRevoked: outcome.apiKeysRevoked.length,
      issuedKeysRevoked: outcome.issuedKeysRevoked.length,
      invitationsCanceled: outcome.invitationsCanceled.length,
    },
  });
  for (const id of outcome.apiKeysRevoked) {
    await recordAuditEvent(manager, {
      ...base,
      action: 'organization.api_key.revoked',
      target: { type: 'api_key', id },
      payload: { memberId: member.id, reason: OWN_KEY },
    });
  }
  for (const key of outcome.issuedKeysRevoked) {
    await recordAuditEvent(manager, {
      ...base,
      action: 'organization.api_key.revoked',
      target: { type: 'api_key', id: key.id },
      payload: { memberId: key.memberId, issuedByMemberId: member.id, reason: ISSUED_KEY },
    });
  }
  for (const id of outcome.invitationsCanceled) {
    await recordAuditEvent(manager, {
      ...base,
      action: 'organization.invitation.canceled',
      target: { type: 'invitation', id },
      payload: { memberId: member.id, reason: 'member_deprovisioned' },
    });
  }
}

function addressesOf(member: MemberRecord): string[] {
  const emails = member.emails
    .map((e) => (typeof e.value === 'string' ? e.value.toLowerCase() : undefined))
    .filter((v): v is string => v !== undefined);
  return [...new Set([member.userName.toLowerCase(), ...emails])];
}
