import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { rowsOf } from '../../db/query-rows.js';
import { NotFoundError } from '../../errors.js';
import type { Keyring } from '../../secrets/keyring.js';
import { issueBreakGlassCredential, type IssuedBreakGlassCredential } from './issue-credential.js';
import { accountThrottleKey, clearFailures } from './sign-in-throttle.js';

/**
 * Replaces an existing break-glass owner's password and TOTP secret, for a lost authenticator or
 * a leaked password. The sessions the old credential opened are ended (it may be in someone
 * else's hands), and the account's lockout is lifted: the operator has just vouched for it.
 * Audited as `auth.break_glass.reset`, in the caller's transaction.
 */
export async function resetBreakGlassCredential(
  manager: EntityManager,
  keyring: Keyring,
  input: { orgId: string; orgSlug: string; email: string; actor: AuditActor; at: Date },
): Promise<IssuedBreakGlassCredential> {
  const [row] = await manager.query(
    `SELECT c.member_id, c.email FROM break_glass_credentials c
       JOIN members m ON m.id = c.member_id
      WHERE c.org_id = $1 AND lower(c.email) = lower($2) AND m.deleted_at IS NULL
      FOR UPDATE OF c`,
    [input.orgId, input.email.trim()],
  );
  if (!row) {
    throw new NotFoundError(
      `no break-glass owner "${input.email}" in organization ${input.orgSlug}`,
    );
  }

  const issued = await issueBreakGlassCredential(manager, keyring, {
    orgId: input.orgId,
    orgSlug: input.orgSlug,
    memberId: row.member_id,
    email: row.email,
    at: input.at,
  });
  const ended = rowsOf(
    await manager.query(
      `DELETE FROM sessions WHERE member_id = $1 AND method = 'break_glass' RETURNING id`,
      [row.member_id],
    ),
  );
  await clearFailures(manager, accountThrottleKey(input.orgSlug, row.email));
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'auth.break_glass.reset',
    target: { type: 'member', id: row.member_id },
    payload: { email: row.email, sessionsEnded: ended.length },
    at: input.at,
  });
  return issued;
}
