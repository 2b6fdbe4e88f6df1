import { RuleViolationError, TesseraError } from '../errors.js';

/** A member cannot change their own role: someone else must agree to it. */
export class OwnRoleChangeError extends TesseraError {
  constructor() {
    super(403, 'own_role', 'you cannot change your own role');
  }
}

/** Only an owner hands over ownership. */
export class OwnerRequiredError extends TesseraError {
  constructor() {
    super(403, 'owner_required', 'only an owner of the organization can transfer ownership');
  }
}

/** The transfer target is already an owner, or is the caller. */
export class AlreadyOwnerError extends RuleViolationError {
  constructor() {
    super('already_owner', 'this member is already an owner');
  }
}

/** Ownership goes only to someone who can use it: an active member. */
export class MemberNotActiveError extends RuleViolationError {
  constructor() {
    super('member_not_active', 'ownership can be transferred only to an active member');
  }
}
