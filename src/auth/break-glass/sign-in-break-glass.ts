import type { EntityManager } from 'typeorm';

import { createSession, type CreatedSession } from '../../access/sessions/create-session.js';
import type { AdminDeps } from '../../admin/admin-deps.js';
import { runWithAuditAlerts } from '../../audit/alert-on-audit-events.js';
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
  PAIR_POLICY,
  clearFailures,
  countFailure,
  findLockedUntil,
  throttleKeysOf,
  type ThrottleKeys,
} from './sign-in-throttle.js';

/** A break-glass sign-in that succeeded: the session to set and who it is for. */
export interface BreakGlassSignIn {
  session: CreatedSession;
  account: BreakGlassAccount;
  authenticatedAt: Date;
}

type Deps = Pick<AdminDeps, 'db' | 'clock' | 'keyring' | 'logger'>;

interface Attempt {
  keys: ThrottleKeys;
  context: RequestContext;
  now: Date;
}

/**
 * DESIGN rule 4, the way in when SSO is broken or enforced: organization, email, argon2id
 * password and a TOTP code (RFC 6238), whatever the organization's SSO setting. Locked keys are
 * refused before any check, even with correct credentials. A success opens a `break_glass`
 * session and is audited and alerted; a failure counts against the account from this address,
 * the address, and the account from everywhere (see the policies in sign-in-throttle.ts).
 */
export async function signInBreakGlass(
  deps: Deps,
  request: BreakGlassSignInRequest,
  context: RequestContext,
): Promise<BreakGlassSignIn> {
  const now = deps.clock.now();
  const attempt: Attempt = {
    keys: throttleKeysOf(request.organization, request.email, context.ip),
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
  const { account, pair, ip } = attempt.keys;
  const until = await findLockedUntil(deps.db.manager, [account, pair, ip], attempt.now);
  if (!until) return;
  const seconds = Math.ceil((until.getTime() - attempt.now.getTime()) / 1000);
  throw new TooManyAttemptsError(Math.max(1, seconds));
}

/**
 * One transaction: mark the code's time step used, forget the account's failures (from this
 * address and overall; NIST SP 800-63B §5.2.2 counts consecutive failures), open the session
 * and record `auth.break_glass.used`. Undefined when a concurrent request used the same code
 * first: the conditional UPDATE lets exactly one of them through (RFC 6238 §5.2).
 */
async function openSession(
  deps: Deps,
  account: BreakGlassAccount,
  step: number,
  attempt: Attempt,
): Promise<CreatedSession | undefined> {
  const scope = { orgId: account.orgId, requestId: attempt.context.requestId };
  const session = await runWithAuditAlerts(deps.db, deps.logger, scope, async (manager) => {
    const consumed = rowsOf(
      await manager.query(
        `UPDATE break_glass_credentials SET totp_last_step = $2
          WHERE member_id = $1 AND totp_last_step < $2 RETURNING member_id`,
        [account.memberId, step],
      ),
    );
    if (consumed.length === 0) return undefined;

    await clearFailures(manager, [attempt.keys.account, attempt.keys.pair]);
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
  return session;
}

/**
 * Counts the failure against the three keys in one transaction. The failure that locks an
 * existing account everywhere is audited (`auth.break_glass.locked_out`) and alerted; a key for
 * an account that does not exist locks the same way, silently. An address locked out of one
 * account, or out of all, is a warning log line: it locks only the guesser out.
 */
async function countFailedAttempt(
  deps: Deps,
  attempt: Attempt,
  account: BreakGlassAccount | undefined,
): Promise<void> {
  const { keys, now } = attempt;
  const count = async (manager: EntityManager) => {
    const byAccount = await countFailure(manager, keys.account, ACCOUNT_POLICY, now);
    const byPair = await countFailure(manager, keys.pair, PAIR_POLICY, now);
    const byIp = await countFailure(manager, keys.ip, IP_POLICY, now);
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
        at: now,
      });
    }
    return { account: byAccount.justLocked, pair: byPair.justLocked, ip: byIp.justLocked };
  };
  // An existing account's lock-out is audited, and so alerted once it commits.
  const locked = account
    ? await runWithAuditAlerts(
        deps.db,
        deps.logger,
        { orgId: account.orgId, requestId: attempt.context.requestId },
        count,
      )
    : await runTransaction(deps.db, count);

  if (locked.pair) warnAddressLocked(deps, 'auth.break_glass.pair_locked_out', attempt, account);
  if (locked.ip) warnAddressLocked(deps, 'auth.break_glass.ip_locked_out', attempt, undefined);
}

/** The guessed email is not logged: a mistyped password may sit in that field. */
function warnAddressLocked(
  deps: Deps,
  alert: string,
  attempt: Attempt,
  account: BreakGlassAccount | undefined,
): void {
  deps.logger.warn(
    {
      alert,
      ip: attempt.context.ip,
      requestId: attempt.context.requestId,
      ...(account && { orgId: account.orgId, memberId: account.memberId }),
    },
    'security alert',
  );
}
