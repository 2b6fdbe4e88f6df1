import { ConflictError, RuleViolationError } from '../errors.js';

/** Another live member of the organization already has this `userName` or `externalId`. */
export class MemberConflictError extends ConflictError {
  constructor(readonly field: 'userName' | 'externalId') {
    super(`a member with this ${field} already exists in the organization`, 'uniqueness');
  }
}

/** Rule 4: an organization never loses its last owner. */
export class LastOwnerError extends RuleViolationError {
  constructor(readonly memberId: string) {
    super('last_owner', 'this member is the last owner of the organization and must stay active');
  }
}
