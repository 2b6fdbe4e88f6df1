import { ConflictError, ValidationError } from '../errors.js';

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
