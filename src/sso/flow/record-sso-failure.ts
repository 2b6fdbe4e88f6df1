import type { AdminDeps } from '../../admin/admin-deps.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { TesseraError } from '../../errors.js';
import { runTransaction } from '../../db/run-transaction.js';
import { clientFaultOf } from '../../ops/client-faults.js';
import type { RequestContext } from '../../ops/request-context.js';
import { SsoError } from '../sso-errors.js';
import type { SsoConnectionRecord, SsoPurpose } from '../sso-types.js';
import { decideRefusalAudit } from './refusal-audit-budget.js';

/** A failure as the flow reports it: a code for metrics and audit, a message for the person. */
export interface SsoFailure {
  status: number;
  code: string;
  message: string;
}

const SERVER_ERROR: SsoFailure = {
  status: 500,
  code: 'server_error',
  message: 'Something went wrong on our side. Try again in a few minutes.',
};

/**
 * Counts, logs and (when the organization is known) audits one refused or failed flow, then
 * says what the person should see. The detail (never a token or XML: `SsoError.detail`) goes to
 * the log line and the audit payload only; a fault that is not a refusal stays `server_error`.
 */
export async function recordSsoFailure(
  deps: AdminDeps,
  error: unknown,
  at: {
    connection: SsoConnectionRecord | null;
    purpose: SsoPurpose;
    context: RequestContext;
    /** Nothing the IdP signed and no signed-in member stands behind it yet (`FlowScope`). */
    unverified?: boolean;
  },
): Promise<SsoFailure> {
  const failure = failureOf(error);
  const { connection, context } = at;
  deps.metrics.ssoFailures.inc({
    connection: connection?.id ?? 'none',
    protocol: connection?.protocol ?? 'none',
    reason: failure.code,
  });
  const detail = error instanceof SsoError ? error.detail : {};
  const log = { code: failure.code, detail, requestId: context.requestId, purpose: at.purpose };
  const where = { orgId: connection?.orgId, connectionId: connection?.id };
  if (failure.status >= 500) deps.logger.error({ err: error, ...log, ...where }, 'sso failed');
  else deps.logger.warn({ ...log, ...where }, 'sso refused');

  if (connection) {
    // The person's page must not depend on the audit write; its failure is a fault to log.
    await auditRefusal(deps, connection, failure, error, at).catch((e: unknown) =>
      deps.logger.error({ err: e, requestId: context.requestId }, 'sso refusal audit failed'),
    );
  }
  return failure;
}

function failureOf(error: unknown): SsoFailure {
  if (error instanceof TesseraError && error.expose) {
    return { status: error.status, code: error.code, message: error.message };
  }
  const fault = clientFaultOf(error);
  if (fault) return { ...fault, message: 'The sign-in response could not be read. Start again.' };
  return SERVER_ERROR;
}

/**
 * Refusals an anonymous sender can cause (unreadable input, unsigned or forged messages, a
 * made-up state) are audited within a per-connection budget (refusal-audit-budget.ts); the
 * rest always are. Every refusal is counted and logged either way.
 */
async function auditRefusal(
  deps: AdminDeps,
  connection: SsoConnectionRecord,
  failure: SsoFailure,
  error: unknown,
  at: { purpose: SsoPurpose; context: RequestContext; unverified?: boolean },
): Promise<void> {
  const detail = error instanceof SsoError ? error.detail : {};
  const memberId = typeof detail.memberId === 'string' ? detail.memberId : null;
  const clientFault = !(error instanceof SsoError) && failure.status < 500;
  const now = deps.clock.now();
  await runTransaction(deps.db, async (manager) => {
    const decision = await decideRefusalAudit(manager, connection.id, failure.code, now, {
      clientFault,
      unverified: at.unverified !== false,
    });
    if (decision === 'skip') return;
    await recordAuditEvent(manager, {
      orgId: connection.orgId,
      actor: memberId ? { type: 'member', id: memberId } : { type: 'system', id: null },
      action: 'member.sso.sign_in_refused',
      target: { type: 'sso_connection', id: connection.id },
      payload: {
        ...detail,
        code: failure.code,
        purpose: at.purpose,
        protocol: connection.protocol,
        ...(decision === 'audit_and_warn' && { furtherUnverifiedRefusalsLoggedOnly: true }),
      },
      context: at.context,
      at: now,
    });
  });
}
