import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { rowsOf } from '../../db/query-rows.js';
import type { FinishInput } from './finish-context.js';
import { judgeMfa, type MfaJudgement } from './judge-mfa.js';

/** What an admin sees after a test sign-in: who the IdP said, and how MFA was judged. */
export interface TestResult {
  connectionName: string;
  subject: string;
  email: string | null;
  mfa: MfaJudgement;
  /** False when the configuration changed while the test ran: that revision is not tested. */
  revisionMarked: boolean;
}

/**
 * The last step of an admin's test sign-in: no session. The revision the flow started with is
 * marked tested only if it is still the current one, so an edit made during the test needs a
 * test of its own before the connection can be enabled (issue 4, "Connections").
 */
export async function finishTest(manager: EntityManager, input: FinishInput): Promise<TestResult> {
  const { connection, identity, flow, at } = input;
  const revision = flow!.connectionRevision;
  const marked = rowsOf(
    await manager.query(
      `UPDATE sso_connections SET tested_revision = $2, tested_at = $3
        WHERE id = $1 AND revision = $2 RETURNING id`,
      [connection.id, revision, at],
    ),
  );
  const mfa = judgeMfa(connection, identity);
  await recordAuditEvent(manager, {
    orgId: connection.orgId,
    actor: flow!.actorMemberId
      ? { type: 'member', id: flow!.actorMemberId }
      : { type: 'system', id: null },
    action: 'organization.sso.connection_tested',
    target: { type: 'sso_connection', id: connection.id },
    payload: { revision, revisionMarked: marked.length === 1, mfa: mfa.satisfied },
    context: input.context,
    at,
  });
  return {
    connectionName: connection.name,
    subject: identity.subject,
    email: identity.email,
    mfa,
    revisionMarked: marked.length === 1,
  };
}
