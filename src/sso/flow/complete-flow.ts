import type { AdminDeps } from '../../admin/admin-deps.js';
import type { CreatedSession } from '../../access/sessions/create-session.js';
import { runWithAuditAlerts } from '../../audit/alert-on-audit-events.js';
import type { FinishInput } from './finish-context.js';
import { finishSignIn } from './finish-sign-in.js';
import { finishStepUp } from './finish-step-up.js';
import { finishTest, type TestResult } from './finish-test.js';

export type FlowOutcome =
  | { kind: 'signed_in'; session: CreatedSession; redirectTo: string }
  | { kind: 'stepped_up'; redirectTo: string }
  | { kind: 'tested'; result: TestResult };

/**
 * Finishes a flow whose IdP response was verified and matched to this browser, by its purpose,
 * in one transaction with its audit events; counts the success. A refusal throws and leaves
 * nothing behind (the caller counts, logs and audits it).
 */
export async function completeFlow(deps: AdminDeps, input: FinishInput): Promise<FlowOutcome> {
  const purpose = input.flow?.purpose ?? 'sign_in';
  const scope = { orgId: input.connection.orgId, requestId: input.context.requestId };
  const outcome = await runWithAuditAlerts(
    deps.db,
    deps.logger,
    scope,
    async (manager): Promise<FlowOutcome> => {
      if (purpose === 'test') return { kind: 'tested', result: await finishTest(manager, input) };
      if (purpose === 'step_up')
        return { kind: 'stepped_up', ...(await finishStepUp(manager, input)) };
      const signedIn = await finishSignIn(manager, deps.keyring, input);
      return { kind: 'signed_in', session: signedIn.session, redirectTo: signedIn.redirectTo };
    },
  );
  deps.metrics.ssoSignIns.inc({
    connection: input.connection.id,
    protocol: input.connection.protocol,
    purpose,
  });
  return outcome;
}
