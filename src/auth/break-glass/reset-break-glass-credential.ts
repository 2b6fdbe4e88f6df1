import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { rowsOf } from '../../db/query-rows.js';
import { NotFoundError, RuleViolationError } from '../../errors.js';
import type { Keyring } from '../../secrets/keyring.js';
import { findCredentialHolder, type CredentialHolder } from './find-credential-holder.js';
import { issueBreakGlassCredential, type IssuedBreakGlassCredential } from './issue-credential.js';
import { clearAccountFailures } from './sign-in-throttle.js';

interface ResetInput {
  orgId: string;
  orgSlug: string;
  email: string;
  actor: AuditActor;
  at: Date;
}

/**
 * `break-glass reset`: gives an active owner a new break-glass password and TOTP secret. For an
 * owner who already has a credential (a lost authenticator, a leaked password) it replaces it,
 * ends the sessions the old one opened (it may be in someone else's hands) and is audited as
 * `auth.break_glass.reset`. For an owner who has none yet, typically after an ownership transfer
 * (the old owner's credential stops working with the owner role), it issues one, audited as
 * `auth.break_glass.issued`. Either way the account's lock-outs are lifted: the operator has just
 * vouched for it. A member who is not an active owner is refused: a credential they hold could
 * not sign in (DESIGN rule 4), and the operator must not believe there is a way in.
 */
export async function resetBreakGlassCredential(
  manager: EntityManager,
  keyring: Keyring,
  input: ResetInput,
): Promise<IssuedBreakGlassCredential> {
  const email = input.email.trim();
  const holder = await findCredentialHolder(manager, input.orgId, email);
  if (!holder) {
    throw new NotFoundError(
      `no break-glass owner "${email}" in organization ${input.orgSlug}, and no member with ` +
        'that userName or primary email',
    );
  }
  if (!holder.activeOwner) {
    throw new RuleViolationError(
      'not_an_owner',
      `"${holder.email}" is not an active owner of organization ${input.orgSlug}; only an ` +
        'active owner can sign in with a break-glass credential',
    );
  }

  const issued = await issueBreakGlassCredential(manager, keyring, {
    orgId: input.orgId,
    orgSlug: input.orgSlug,
    memberId: holder.memberId,
    email: holder.email,
    at: input.at,
  });
  await clearAccountFailures(manager, input.orgSlug, holder.email);
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    target: { type: 'member', id: holder.memberId },
    at: input.at,
    ...(await describeChange(manager, holder)),
  });
  return issued;
}

/** A reset ends the old credential's sessions; a first issue has none to end. */
async function describeChange(
  manager: EntityManager,
  holder: CredentialHolder,
): Promise<{ action: string; payload: Record<string, string | number> }> {
  if (!holder.hasCredential) {
    return { action: 'auth.break_glass.issued', payload: { email: holder.email } };
  }
  const ended = rowsOf(
    await manager.query(
      `DELETE FROM sessions WHERE member_id = $1 AND method = 'break_glass' RETURNING id`,
      [holder.memberId],
    ),
  );
  return {
    action: 'auth.break_glass.reset',
    payload: { email: holder.email, sessionsEnded: ended.length },
  };
}
