import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { NotFoundError, RuleViolationError } from '../../errors.js';
import { assertOutranks } from '../../members/change-member-role.js';
import { findMember } from '../../members/member-row.js';
import type { RequestContext } from '../../ops/request-context.js';
import type { Keyring } from '../../secrets/keyring.js';
import type { Permission } from '../permissions.js';
import { findRole, permissionsOfRole } from '../role-permissions.js';
import type { ApiKeyView } from './api-key-view.js';
import { decideKeyPermissions } from './decide-key-permissions.js';
import { storeApiKey } from './store-api-key.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssueApiKeyInput {
  orgId: string;
  name: string;
  /** Whom the key acts for; checked to be an active member of `orgId`. */
  memberId: string;
  /** The caller's own permissions: a key never grants more than its issuer holds. */
  issuerMemberId: string;
  issuerPermissions: ReadonlySet<Permission>;
  /** Already checked against the catalog; undefined means "all the member's". */
  permissions?: Permission[];
  expiresInDays: number;
  actor: AuditActor;
  context?: RequestContext;
  at: Date;
}

/**
 * DESIGN "ApiKey": a key is issued for one active member and acts with at most that member's
 * permissions, and (rule 9, applied to keys) with none its issuer lacks. A key for someone else
 * lets its holder act as them, so the issuer must hold everything that member holds. The key
 * records its issuer (rule 3 revokes it with them); key and audit event commit together.
 */
export async function issueApiKey(
  manager: EntityManager,
  keyring: Keyring,
  input: IssueApiKeyInput,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  // The issuer is re-read under a lock, not trusted from the request's start: a removal or
  // demotion racing this request either sees the new key (and revokes it) or runs first and is
  // seen here. Keys never issue keys (rule 2), so the issuer's role is all they hold.
  const issuerPermissions = await lockIssuer(manager, input);
  // Locked so a concurrent deprovisioning either sees this key and revokes it, or runs first.
  const member = await findMember(manager, input.orgId, input.memberId, { forUpdate: true });
  if (!member) throw new NotFoundError('no such member in this organization');
  if (member.status !== 'active') {
    throw new RuleViolationError('member_not_active', `the member is ${member.status}`);
  }
  const role = await findRole(manager, input.orgId, member.roleId);
  const forIssuer = member.id === input.issuerMemberId;
  const permissions = decideKeyPermissions({
    requested: input.permissions,
    member: permissionsOfRole(role!),
    issuer: issuerPermissions,
    forIssuer,
  });
  // The key's principal is the member, and some rules (removing oneself) trust the principal's
  // own identity: a narrow key for a member one does not outrank would still act as them.
  if (!forIssuer) {
    const caller = { memberId: input.issuerMemberId, permissions: issuerPermissions };
    await assertOutranks(manager, caller, member);
  }

  const expiresAt = new Date(input.at.getTime() + input.expiresInDays * DAY_MS);
  const issued = await storeApiKey(manager, keyring, {
    orgId: input.orgId,
    memberId: member.id,
    issuedByMemberId: input.issuerMemberId,
    name: input.name,
    permissions,
    expiresAt,
    at: input.at,
  });
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.api_key.created',
    target: { type: 'api_key', id: issued.apiKey.id },
    payload: {
      name: input.name,
      prefix: issued.apiKey.prefix,
      memberId: member.id,
      userName: member.userName,
      permissions: permissions === null ? null : permissions.join(','),
      expiresAt: issued.apiKey.expiresAt,
    },
    context: input.context,
    at: input.at,
  });
  return issued;
}

/** The issuer's permissions now, with their row locked; a departed issuer issues nothing. */
async function lockIssuer(
  manager: EntityManager,
  input: Pick<IssueApiKeyInput, 'orgId' | 'issuerMemberId' | 'issuerPermissions'>,
): Promise<Set<Permission>> {
  const [issuer] = await manager.query(
    `SELECT m.role_id FROM members m
      WHERE m.id = $1 AND m.org_id = $2 AND m.status = 'active' AND m.deleted_at IS NULL
      FOR UPDATE OF m`,
    [input.issuerMemberId, input.orgId],
  );
  if (!issuer) throw new RuleViolationError('issuer_not_active', 'the issuer is no longer active');
  const role = await findRole(manager, input.orgId, issuer.role_id);
  const current = permissionsOfRole(role!);
  return new Set([...input.issuerPermissions].filter((p) => current.has(p)));
}
