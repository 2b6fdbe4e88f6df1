import type { EntityManager } from 'typeorm';

import { assertCanGrantRole } from '../../access/role-grants.js';
import type { Permission } from '../../access/permissions.js';
import { findRole } from '../../access/role-permissions.js';
import { ValidationError } from '../../errors.js';
import type { SsoConnectionCommon } from '../sso-types.js';

/**
 * A group mapping hands a role to whoever the IdP puts in the group, so it is checked like any
 * other grant (DESIGN rule 9): the role must be one of this organization's, never `owner`, and
 * hold nothing the admin does not hold themselves.
 */
export async function checkGroupRoleMappings(
  manager: EntityManager,
  orgId: string,
  mappings: SsoConnectionCommon['groupRoleMappings'],
  grantorPermissions: ReadonlySet<Permission>,
): Promise<void> {
  for (const [index, mapping] of mappings.entries()) {
    const role = await findRole(manager, orgId, mapping.roleId);
    if (!role) {
      throw new ValidationError(`groupRoleMappings.${index}.roleId: no such role here`);
    }
    assertCanGrantRole(grantorPermissions, role);
  }
}
