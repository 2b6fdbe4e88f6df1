import { ConflictError, NotFoundError, RuleViolationError, TesseraError } from '../../errors.js';
import type { InvitationState } from './invitation-row.js';

export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('no such invitation');
  }
}

/** Accepting: no invitation has this token. Unknown id and wrong secret look the same. */
export class UnknownInvitationTokenError extends TesseraError {
  constructor() {
    super(404, 'invitation_not_found', 'no invitation has this token');
  }
}

/** Refresh and cancel apply to pending invitations (expired ones included) only. */
export class InvitationNotPendingError extends RuleViolationError {
  constructor(status: InvitationState) {
    super('invitation_not_pending', `the invitation is ${status}, not pending`);
  }
}

/** Accepting: the token was right, but the invitation can no longer be used. */
export class InvitationUnusableError extends TesseraError {
  constructor(status: 'expired' | 'canceled' | 'accepted') {
    const messages = {
      expired: 'this invitation has expired; ask for a new one',
      canceled: 'this invitation was canceled',
      accepted: 'this invitation was already accepted',
    };
    super(400, `invitation_${status}`, messages[status]);
  }
}

/** The address already belongs to a member of the organization. */
export class AlreadyMemberError extends ConflictError {
  constructor(active: boolean) {
    super(
      active
        ? 'this address already belongs to a member of the organization'
        : 'this address belongs to a deactivated member; remove or reactivate them instead',
      'already_member',
    );
  }
}

/** One live invitation per address: refresh the pending one instead. */
export class AlreadyInvitedError extends ConflictError {
  constructor() {
    super('a pending invitation to this address exists; refresh it instead', 'already_invited');
  }
}

/** The organization accepts members only from its allowed email domains. */
export class EmailDomainNotAllowedError extends TesseraError {
  constructor(domain: string) {
    super(
      400,
      'email_domain_not_allowed',
      `the organization does not allow members from ${domain}`,
    );
  }
}

/**
 * Accepting: the inviter no longer backs the invitation (rule 9: they left, were suspended, or no
 * longer hold every permission of its role). Tessera cancels it; the ids stay server-side.
 */
export class InvitationNoLongerValidError extends RuleViolationError {
  constructor(
    readonly invitationId: string,
    readonly orgId: string,
  ) {
    super(
      'invitation_no_longer_valid',
      'the person who invited you can no longer grant this role; ask for a new invitation',
    );
  }
}

/**
 * Accepting: the organization enforces SSO (DESIGN rule 5), so the invitee signs in through it;
 * that sign-in accepts the invitation. The answer names where to start.
 */
export class SsoRequiredError extends RuleViolationError {
  readonly signInUrl: string;

  constructor(orgSlug: string) {
    const signInUrl = `/sso/start?org=${encodeURIComponent(orgSlug)}`;
    super(
      'sso_required',
      `this organization signs members in through single sign-on: continue at ${signInUrl}`,
    );
    this.signInUrl = signInUrl;
  }
}
