import type { BuiltinRoleName } from '../../entities/role.js';

/**
 * The closed catalog of `resource.action` permissions. It is data: a new permission is a new
 * entry here, and every guard, validator and role picks it up.
 */
export const PERMISSION_CATALOG = {
  organization: ['update', 'delete'],
  member: ['create', 'update', 'delete'],
  invitation: ['create', 'cancel'],
  team: ['create', 'update', 'delete'],
  ac: ['create', 'read', 'update', 'delete'],
  security_configuration: ['manage'],
  billing: ['manage'],
  inference: ['manage'],
  audit: ['read'],
} as const;

export type Permission = {
  [R in keyof typeof PERMISSION_CATALOG]: `${R}.${(typeof PERMISSION_CATALOG)[R][number]}`;
}[keyof typeof PERMISSION_CATALOG];

export const ALL_PERMISSIONS: readonly Permission[] = Object.entries(PERMISSION_CATALOG).flatMap(
  ([resource, actions]) => actions.map((action) => `${resource}.${action}` as Permission),
);

/** What only an owner (or a custom role that says so) may do. */
const OWNER_ONLY: readonly Permission[] = [
  'security_configuration.manage',
  'organization.delete',
  'billing.manage',
  'inference.manage',
];

export const BUILTIN_PERMISSIONS: Record<BuiltinRoleName, readonly Permission[]> = {
  owner: ALL_PERMISSIONS,
  admin: ALL_PERMISSIONS.filter((p) => !OWNER_ONLY.includes(p)),
  member: [],
};

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}
