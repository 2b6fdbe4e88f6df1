import type { EntityManager } from 'typeorm';

import { constraintOf, isUniqueViolation } from '../db/postgres-errors.js';
import { isUuid } from '../db/uuid.js';
import { ValidationError } from '../errors.js';
import { MemberConflictError } from './member-errors.js';
import { assertProfileFits } from './profile-limits.js';
import type { MemberProfile } from './member-profile.js';

/** Turns a unique-index violation into the conflict a client can act on. */
export function translateProfileConflict(e: unknown): never {
  if (isUniqueViolation(e)) {
    const constraint = constraintOf(e) ?? '';
    throw new MemberConflictError(constraint.includes('external_id') ? 'externalId' : 'userName');
  }
  throw e;
}

/**
 * Checks a profile before it is written: sizes within bounds, and a manager that is another
 * live member of the same organization (rule 7).
 */
export async function checkProfile(
  manager: EntityManager,
  orgId: string,
  profile: MemberProfile,
  selfId?: string,
): Promise<void> {
  assertProfileFits(profile);
  const managerId = profile.managerId;
  if (managerId === null) return;
  if (!isUuid(managerId) || managerId === selfId) {
    throw new ValidationError(`manager "${managerId}" is not a member of this organization`);
  }
  const [row] = await manager.query(
    'SELECT 1 FROM members WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL',
    [orgId, managerId],
  );
  if (!row)
    throw new ValidationError(`manager "${managerId}" is not a member of this organization`);
}
