import type { DataSource } from 'typeorm';

import { runWithAuditAlerts } from '../../audit/alert-on-audit-events.js';
import { runTransaction } from '../../db/run-transaction.js';
import type { Logger } from '../../ops/logger.js';
import type { RequestContext } from '../../ops/request-context.js';
import type { Keyring } from '../../secrets/keyring.js';
import type { MemberRecord } from '../member-row.js';
import { acceptInvitation } from './accept-invitation.js';
import { InvitationNoLongerValidError } from './invitation-errors.js';
import { withdrawUnbackedInvitation } from './inviter-standing.js';

/**
 * Accepts an invitation in one transaction. When its inviter no longer backs it (rule 9), that
 * transaction rolled back with the refusal, so the cancellation commits in a second one of its
 * own (re-checked there) before the refusal reaches the client: the token is dead either way.
 */
export async function redeemInvitation(
  deps: { db: DataSource; keyring: Keyring; logger: Logger },
  input: { token: string; context: RequestContext; at: Date },
): Promise<MemberRecord> {
  try {
    return await runTransaction(deps.db, (manager) =>
      acceptInvitation(manager, deps.keyring, input),
    );
  } catch (e: unknown) {
    if (!(e instanceof InvitationNoLongerValidError)) throw e;
    const scope = { orgId: e.orgId, requestId: input.context.requestId };
    await runWithAuditAlerts(deps.db, deps.logger, scope, (manager) =>
      withdrawUnbackedInvitation(manager, e.invitationId, input),
    );
    throw e;
  }
}
