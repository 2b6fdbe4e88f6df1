import { ConflictError, RuleViolationError, ValidationError } from '../errors.js';

export class TeamConflictError extends ConflictError {
  constructor(readonly field: 'displayName' | 'externalId') {
    super(`a team with this ${field} already exists in the organization`, 'uniqueness');
  }
}

/** Some member ids of a membership change are not live members of the organization. */
export class UnknownTeamMembersError extends ValidationError {
  constructor(readonly memberIds: string[]) {
    super(`not members of this organization: ${memberIds.slice(0, 10).join(', ')}`);
  }
}

/**
 * The team belongs to a SCIM directory: the IdP is its source of truth, and a manual change
 * would be undone (or fought over) at the next sync. Change it in the IdP instead.
 */
export class DirectoryManagedError extends RuleViolationError {
  constructor() {
    super('directory_managed', 'this team is managed by a SCIM directory; change it in the IdP');
  }
}
