import { BUILTIN_ROLES } from '../../entities/role.js';
import { TesseraError } from '../errors.js';
import { ALL_PERMISSIONS, isPermission, type Permission } from './permissions.js';
import { permissionsOfRole, type RoleRecord } from './role-permissions.js';

const OWNER_ROLE: (typeof BUILTIN_ROLES)[number] = 'owner';

/** A permission outside the closed catalog (DESIGN, permission catalog). */
export class UnknownPermissionError extends TesseraError {
  constructor(readonly permission: string) {
    super(400, 'unknown_permission', `"${permission}" is not a permission of the catalog`);
  }
}

/** Rule 9: a caller grants, or edits, only what they hold themselves. */
export class PermissionNotHeldError extends TesseraError {
  constructor(
    readonly permission: Permission,
    message = `you cannot grant ${permission}: you do not hold it yourself`,
  ) {
    super(403, 'permission_not_held', message);
  }
}

/** Rule 9: `owner` is given by ownership transfer only, never by a role change or invitation. */
export class OwnerNotGrantableError extends TesseraError {
  constructor() {
    super(403, 'owner_not_grantable', 'the owner role is given only by ownership transfer');
  }
}

/**
 * Reads a client's permission list: each must be in the catalog (the first unknown one is named),
 * duplicates collapse, and the result is in catalog order so stored lists compare as equal.
 */
export function parsePermissions(values: readonly string[]): Permission[] {
  for (const value of values) {
    if (!isPermission(value)) throw new UnknownPermissionError(value);
  }
  const wanted = new Set<string>(values);
  return ALL_PERMISSIONS.filter((p) => wanted.has(p));
}

/** The first permission of `wanted` (in catalog order) that `held` lacks, if any. */
export function firstMissing(
  held: ReadonlySet<Permission>,
  wanted: Iterable<Permission>,
): Permission | undefined {
  const set = new Set(wanted);
  return ALL_PERMISSIONS.find((p) => set.has(p) && !held.has(p));
}

/** Rule 9: refuses to grant a permission the caller does not hold, naming it. */
export function assertCanGrant(held: ReadonlySet<Permission>, wanted: Iterable<Permission>): void {
  const missing = firstMissing(held, wanted);
  if (missing) throw new PermissionNotHeldError(missing);
}

/**
 * Rule 9 for handing someone a whole role (role change, invitation, refresh): never `owner`, and
 * only a role whose every permission the caller holds.
 */
export function assertCanGrantRole(
  held: ReadonlySet<Permission>,
  role: Pick<RoleRecord, 'name' | 'builtin' | 'permissions'>,
): void {
  if (isOwnerRole(role)) throw new OwnerNotGrantableError();
  assertCanGrant(held, permissionsOfRole(role));
}

/** The built-in `owner` role (a custom role can never be named so: names are unique). */
export function isOwnerRole(role: Pick<RoleRecord, 'name' | 'builtin'>): boolean {
  return role.builtin && role.name === OWNER_ROLE;
}
