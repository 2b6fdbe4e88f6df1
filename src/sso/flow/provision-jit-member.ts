import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { MemberConflictError } from '../../members/member-errors.js';
import { emptyProfile } from '../../members/member-profile.js';
import { provisionMember } from '../../members/provision-member.js';
import type { RequestContext } from '../../ops/request-context.js';
import { SsoError } from '../sso-errors.js';
import type { SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';

/**
 * Just-in-time provisioning (issue 4): an unknown subject becomes a member through the members
 * functions, like every other source. The role is the built-in `member`, unless an admin mapped
 * one of the IdP groups to a role in `groupRoleMappings` — the only way IdP data grants a role —
 * and never `owner`, which only an ownership transfer grants (DESIGN rule 9).
 */
export async function provisionJitMember(
  manager: EntityManager,
  connection: SsoConnectionRecord,
  identity: VerifiedIdentity,
  context: { context: RequestContext; at: Date },
): Promise<string> {
  const roleId = await mappedRoleId(manager, connection, identity.groups);
  const userName = identity.email ?? identity.subject;
  const profile = {
    ...emptyProfile(userName),
    nameGivenName: identity.givenName,
    nameFamilyName: identity.familyName,
    emails: identity.email ? [{ value: identity.email, primary: true }] : [],
  };
  let memberId: string;
  try {
    const member = await provisionMember(manager, {
      orgId: connection.orgId,
      profile,
      active: true,
      source: 'sso_jit',
      scimConnectionId: null,
      ...(roleId && { roleId }),
      actor: { type: 'system', id: null },
      context: context.context,
      at: context.at,
    });
    memberId = member.id;
  } catch (e: unknown) {
    if (!(e instanceof MemberConflictError)) throw e;
    throw new SsoError('sso_jit_conflict', JIT_CONFLICT, 409, { field: e.field });
  }

  await recordAuditEvent(manager, {
    orgId: connection.orgId,
    actor: { type: 'system', id: null },
    action: 'member.sso.provisioned',
    target: { type: 'member', id: memberId },
    payload: { connectionId: connection.id, userName, roleId: roleId ?? null },
    context: context.context,
    at: context.at,
  });
  return memberId;
}

const JIT_CONFLICT =
  'An account with your user name already exists in this organization but is not linked to ' +
  'your sign-in. Ask your administrator to link or remove it.';

/**
 * The first mapping (in the admin's order) whose group the IdP sent, to a role of this org.
 * TODO(sso-group-sync): mappings apply when JIT creates the member only; re-applying them at
 * later sign-ins needs a rule for roles an admin changed by hand, which is not decided yet.
 */
async function mappedRoleId(
  manager: EntityManager,
  connection: SsoConnectionRecord,
  groups: string[],
): Promise<string | undefined> {
  for (const mapping of connection.config.groupRoleMappings ?? []) {
    if (!groups.includes(mapping.group)) continue;
    const [role] = await manager.query(
      `SELECT id FROM roles WHERE id::text = $1 AND org_id = $2 AND name <> 'owner'`,
      [mapping.roleId, connection.orgId],
    );
    if (role) return role.id;
  }
  return undefined;
}
