import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { isUniqueViolation } from '../../db/postgres-errors.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { findBuiltinRoleId } from '../../orgs/create-organization.js';
import type { Keyring } from '../../secrets/keyring.js';
import { issueBreakGlassCredential, type IssuedBreakGlassCredential } from './issue-credential.js';

const MAX_EMAIL_LENGTH = 254;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A plausible address: one `@`, no spaces, at most 254 characters (RFC 5321 §4.5.3.1.3). */
export function checkOwnerEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH || !EMAIL.test(trimmed)) {
    throw new ValidationError(`"${email.slice(0, 80)}" is not an email address`);
  }
  return trimmed;
}

/**
 * DESIGN rule 4: the organization's first owner, who can sign in outside SSO. Adds an active
 * member with the `owner` role (source `bootstrap`, userName and primary email the address) and
 * a break-glass credential, audited, in the caller's transaction.
 */
export async function createBreakGlassOwner(
  manager: EntityManager,
  keyring: Keyring,
  input: { orgId: string; orgSlug: string; email: string; actor: AuditActor; at: Date },
): Promise<IssuedBreakGlassCredential> {
  const email = checkOwnerEmail(input.email);
  const roleId = await findBuiltinRoleId(manager, input.orgId, 'owner');
  let memberId: string;
  try {
    [{ id: memberId }] = await manager.query(
      `INSERT INTO members (org_id, role_id, status, source, user_name, emails, created_at,
         updated_at)
       VALUES ($1, $2, 'active', 'bootstrap', $3, $4, $5, $5) RETURNING id`,
      [input.orgId, roleId, email, JSON.stringify([{ value: email, primary: true }]), input.at],
    );
  } catch (e: unknown) {
    if (isUniqueViolation(e)) throw new ConflictError(`a member "${email}" already exists`);
    throw e;
  }

  const issued = await issueBreakGlassCredential(manager, keyring, { ...input, memberId, email });
  const target = { type: 'member', id: memberId };
  const common = { orgId: input.orgId, actor: input.actor, target, at: input.at };
  await recordAuditEvent(manager, {
    ...common,
    action: 'organization.member.provisioned',
    payload: { userName: email, source: 'bootstrap', active: true, role: 'owner' },
  });
  await recordAuditEvent(manager, {
    ...common,
    action: 'auth.break_glass.issued',
    payload: { email },
  });
  return issued;
}
