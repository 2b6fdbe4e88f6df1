import type { AuditActor } from '../audit/record-audit-event.js';
import type { RequestContext } from '../ops/request-context.js';

/**
 * Who makes a change, where and when: what a domain function needs to write its audit event in
 * the caller's transaction. The admin API's `AdminChange` is one.
 */
export interface AuditedChange {
  orgId: string;
  actor: AuditActor;
  context?: RequestContext;
  at: Date;
}
