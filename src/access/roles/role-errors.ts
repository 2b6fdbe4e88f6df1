import { ConflictError, NotFoundError, RuleViolationError } from '../../errors.js';

/** No such role in the caller's organization (or an id that is not one). */
export class RoleNotFoundError extends NotFoundError {
  constructor() {
    super('no such role in this organization');
  }
}

/** Built-in roles are defined by the catalog in code; their rows are not editable. */
export class BuiltinRoleError extends RuleViolationError {
  constructor(name: string) {
    super('builtin_role', `"${name}" is a built-in role and cannot be changed or deleted`);
  }
}

/** Role names are unique per organization, ignoring case (`roles_org_name_key`). */
export class RoleNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`a role named "${name}" already exists in this organization`, 'role_name_taken');
  }
}

/** Deleting a role that someone holds or is about to hold would strand them. */
export class RoleInUseError extends RuleViolationError {
  constructor(usage: RoleUsage) {
    super(
      'role_in_use',
      `the role is still in use (${usage.members} members, ${usage.invitations} pending ` +
        `invitations, ${usage.teams} teams mapped to it); reassign them first`,
    );
  }
}

export interface RoleUsage {
  members: number;
  invitations: number;
  teams: number;
}
