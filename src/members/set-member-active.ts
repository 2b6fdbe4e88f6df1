import type { EntityManager } from 'typeorm';

import type { AuditActor } from '../audit/record-audit-event.js';
import type { RequestContext } from '../ops/request-context.js';
import { deprovisionMember, type DeprovisionReason } from './deprovision-member.js';
import type { MemberRecord } from './member-row.js';
import { reactivateMember } from './reactivate-member.js';

/**
 * The one place a directory's `active` flag becomes a lifecycle transition. Setting the state a
 * member is already in does nothing, so an IdP that repeats itself revokes nothing twice.
 */
export async function setMemberActive(
  manager: EntityManager,
  input: {
    member: MemberRecord;
    active: boolean;
    reason: DeprovisionReason;
    actor: AuditActor;
    context?: RequestContext;
    at: Date;
  },
): Promise<boolean> {
  // A suspension is an admin decision: the directory saying "active" does not lift it.
  const isActive = input.member.status !== 'deprovisioned';
  if (input.active === isActive) return false;
  if (input.active) {
    await reactivateMember(manager, input);
  } else {
    await deprovisionMember(manager, input);
  }
  return true;
}
