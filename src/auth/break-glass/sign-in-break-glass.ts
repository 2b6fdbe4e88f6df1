import type { EntityManager } from 'typeorm';

import { createSession, type CreatedSession } from '../../access/sessions/create-session.js';
import type { AdminDeps } from '../../admin/admin-deps.js';
import { alertOnAuditEvents } from '../../audit/alert-on-audit-events.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { rowsOf } from '../../db/query-rows.js';
import { runTransaction } from '../../db/run-transaction.js';
import type { RequestContext } from '../../ops/request-context.js';
import { InvalidCredentialsError, TooManyAttemptsError } from './break-glass-errors.js';
import { verifyBreakGlassPassword } from './break-glass-password.js';
import {
  findBreakGlassAccount,
  matchAccountCode,
  type BreakGlassAccount,
} from './find-break-glass-account.js';
import type { BreakGlassSignInRequest } from './read-sign-in-request.js';
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  accountThrottleKey,
  clearFailures,
  countFailure,
  findLockedUntil,
  ipThrottleKey,
} from './sign-in-throttle.js';

/** A break-glass sign-in that succeeded: the session to set and who it is for. */
export interface BreakGlassSignIn {
  session: CreatedSession;
  account: BreakGlassAccount;
  authenticatedAt: Date;
}

type Deps = Pick<AdminDeps, 'db' | 'clock' | 'keyring' | 'logger'>;

interface Attempt {
  accountKey: string;
  ipKey: string;
  context: RequestContext;
  now: Date;
}

/**
 * DESIGN rule 4, the way in when SSO is broken or enforced: organization, email, argon2id
 * password and a TOTP code (RFC 6238), whatever the organization's SSO setting. Locked keys are
 * refused before any check, even with correct credentials. A success opens a `break_glass`
 * session and is audited and alerted; a failure counts against the account and the address.
 */
export async function signInBreakGlass(
  deps: Deps,
  request: BreakGlassSignInRequest,
  context: RequestContext,
): Promise<BreakGlassSignIn> {
  const now = deps.clock.now();
  const attempt: Attempt = {
    accountKey: accountThrottleKey(request.organization, request.email),
    ipKey: ipThrottleKey(context.ip),
    context,
    now,
  };
  await refuseWhileLocked(deps, attempt);

  const account = await findBreakGlassAccount(deps.db.manager, request.organization, request.email);
  // Always one argon2 verification, against a dummy hash when there is no account (timing).
  const passwordOk = await verifyBreakGlassPassword(account?.passwordHash, request.password);
  const step = account ? matchAccountCode(deps.keyring, account, request.code, now) : undefined;
  if (account?.eligible && passwordOk && step !== undefined) {
    const session = await openSession(deps, account, step, attempt);
    if (session) return { session, account, authenticatedAt: now };
  }

  await countFailedAttempt(deps, attempt, account);
  throw new InvalidCredentialsError();
}

async function refuseWhileLocked(deps: Deps, attempt: Attempt): Promise<void> {
  const keys = [attempt.accountKey, attempt.ipKey];
  const until = await findLockedUntil(deps.db.manager, keys, attempt.now);
  if (!until) return;
  const seconds = Math.ceil((until.getTime() - attempt.now.getTime()) / 1000);
  throw new TooManyAttemptsError(Math.max(1, seconds));
}

/**
 * One transaction: mark the code's time step used, forget the account's failures, open the
 * session and record `auth.break_glass.used`. Undefined when a concurrent request used the same
 * code first: the conditional UPDATE lets exactly one of them through (RFC 6238 §5.2).
 */
async function openSession(
  deps: Deps,
  account: BreakGlassAccount,
  step: number,
  attempt: Attempt,
): Promise<CreatedSession | undefined> {
  const session = await runTransaction(deps.db, async (manager: EntityManager) => {
    const consumed = rowsOf(
      await manager.query(
        `UPDATE break_glass_credentials SET totp_last_step = $2
          WHERE member_id = $1 AND totp_last_step < $2 RETURNING member_id`,
        [account.memberId, step],
      ),
    );
    if (consumed.length === 0) return undefined;

    await clearFailures(manager, attempt.accountKey);
    const created = await createSession(manager, deps.keyring, {
      orgId: account.orgId,
      memberId: account.memberId,
      method: 'break_glass',
      mfaEvidence: ['pwd', 'otp'],
      at: attempt.now,
    });
    await recordAuditEvent(manager, {
      orgId: account.orgId,
      actor: { type: 'member', id: account.memberId },
      action: 'auth.break_glass.used',
      target: { type: 'member', id: account.memberId },
      payload: { email: account.email, sessionId: created.sessionId },
      context: attempt.context,
      at: attempt.now,
    });
    return created;
  });
  if (session) await alertOn(deps, account.orgId, attempt);
  return session;
}

/**
 * Counts the failure against the account key and the address key in one transaction. The
 * failure that locks an existing account is audited (`auth.break_glass.locked_out`) and alerted;
 * a key for an account that does not exist locks the same way, silently.
 */
async function countFailedAttempt(
  deps: Deps,
  attempt: Attempt,
  account: BreakGlassAccount | undefined,
): Promise<void> {
  const { lockedAccount, lockedIp } = await runTransaction(deps.db, async (manager) => {
    const byAccount = await countFailure(manager, attempt.accountKey, ACCOUNT_POLICY, attempt.now);
    const byIp = await countFailure(manager, attempt.ipKey, IP_POLICY, attempt.now);
    if (byAccount.justLocked && account) {
      await recordAuditEvent(manager, {
        orgId: account.orgId,
        actor: { type: 'system', id: null },
        action: 'auth.break_glass.locked_out',
        target: { type: 'member', id: account.memberId },
        payload: {
          email: account.email,
          failures: byAccount.failures,
          lockedUntil: byAccount.lockedUntil!.toISOString(),
        },
        context: attempt.context,
        at: attempt.now,
      });
    }
    return { lockedAccount: byAccount.justLocked, lockedIp: byIp.justLocked };
  });

  if (lockedAccount && account) await alertOn(deps, account.orgId, attempt);
  if (lockedIp) {
    deps.logger.warn(
      {
        alert: 'auth.break_glass.ip_locked_out',
        ip: attempt.context.ip,
        requestId: attempt.context.requestId,
      },
      'security alert',
    );
  }
}

function alertOn(deps: Deps, orgId: string, attempt: Attempt): Promise<void> {
  return alertOnAuditEvents(deps.db, deps.logger, {
    orgId,
    requestId: attempt.context.requestId,
  });
}
