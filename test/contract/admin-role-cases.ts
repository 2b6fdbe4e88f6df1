import type { Response } from 'supertest';

import { admin, NO_SUCH_ID, otherOrgId, unauthenticatedCases } from './admin-case-support.js';
import {
  as,
  builtinRole,
  casesOf,
  expectError,
  MEMBERS,
  newMember,
  newRole,
  ROLE,
  ROLES,
  type Row,
} from './admin-member-fixtures.js';
import { uniqueName, type ContractCase, type ContractContext } from './contract-case.js';

const ROLE_ROWS: Row[] = [
  ['lists roles', 'get', ROLES, 200, (ctx) => admin(ctx, 'get', ROLES, as('admin'))],
  [
    'reading roles needs ac.read',
    'get',
    ROLES,
    403,
    (ctx) => admin(ctx, 'get', ROLES, as('member')),
    'forbidden',
  ],
  [
    'another organization is 404',
    'get',
    ROLES,
    404,
    (ctx) => admin(ctx, 'get', ROLES, { orgId: otherOrgId() }),
  ],
  [
    'creates a role',
    'post',
    ROLES,
    201,
    (ctx) =>
      admin(ctx, 'post', ROLES, {
        body: { name: uniqueName('Role'), permissions: ['audit.read'] },
      }),
  ],
  [
    'an unknown permission is 400',
    'post',
    ROLES,
    400,
    (ctx) => admin(ctx, 'post', ROLES, { body: { name: uniqueName('R'), permissions: ['x.y'] } }),
    'unknown_permission',
  ],
  [
    'a permission the caller lacks is 403',
    'post',
    ROLES,
    403,
    (ctx) =>
      admin(ctx, 'post', ROLES, {
        as: 'admin',
        body: { name: uniqueName('R'), permissions: ['billing.manage'] },
      }),
    'permission_not_held',
  ],
  [
    'a taken name is 409',
    'post',
    ROLES,
    409,
    (ctx) => admin(ctx, 'post', ROLES, { body: { name: 'Admin', permissions: [] } }),
    'role_name_taken',
  ],
  [
    'other organization: 404',
    'post',
    ROLES,
    404,
    (ctx) => admin(ctx, 'post', ROLES, { orgId: otherOrgId(), body: {} }),
  ],
  [
    'reads a role',
    'get',
    ROLE,
    200,
    async (ctx) => admin(ctx, 'get', `${ROLES}/${await builtinRole(ctx, 'member')}`),
  ],
  [
    'reading one needs ac.read',
    'get',
    ROLE,
    403,
    async (ctx) => admin(ctx, 'get', `${ROLES}/${await builtinRole(ctx, 'member')}`, as('member')),
  ],
  [
    'an unknown role is 404',
    'get',
    ROLE,
    404,
    (ctx) => admin(ctx, 'get', `${ROLES}/${NO_SUCH_ID}`),
  ],
  [
    'renames a role',
    'patch',
    ROLE,
    200,
    async (ctx) =>
      admin(ctx, 'patch', `${ROLES}/${await newRole(ctx)}`, {
        body: { name: uniqueName('Renamed') },
      }),
  ],
  [
    'an empty change is 400',
    'patch',
    ROLE,
    400,
    async (ctx) => admin(ctx, 'patch', `${ROLES}/${await newRole(ctx)}`, { body: {} }),
    'invalid_request',
  ],
  [
    'a stale session must step up',
    'patch',
    ROLE,
    403,
    async (ctx) =>
      admin(ctx, 'patch', `${ROLES}/${await newRole(ctx)}`, {
        as: 'stale-owner',
        body: { permissions: [] },
      }),
    'reauth',
  ],
  [
    'an unknown role is 404',
    'patch',
    ROLE,
    404,
    (ctx) => admin(ctx, 'patch', `${ROLES}/${NO_SUCH_ID}`, { body: { name: 'X' } }),
  ],
  [
    'a built-in role is 409',
    'patch',
    ROLE,
    409,
    async (ctx) =>
      admin(ctx, 'patch', `${ROLES}/${await builtinRole(ctx, 'admin')}`, {
        body: { name: 'Boss' },
      }),
    'builtin_role',
  ],
  [
    'deletes an unused role',
    'delete',
    ROLE,
    204,
    async (ctx) => admin(ctx, 'delete', `${ROLES}/${await newRole(ctx)}`),
  ],
  [
    'deleting needs ac.delete',
    'delete',
    ROLE,
    403,
    async (ctx) => admin(ctx, 'delete', `${ROLES}/${await newRole(ctx)}`, as('member')),
  ],
  [
    'an unknown role is 404',
    'delete',
    ROLE,
    404,
    (ctx) => admin(ctx, 'delete', `${ROLES}/${NO_SUCH_ID}`),
  ],
  [
    'a built-in role is not deleted',
    'delete',
    ROLE,
    409,
    async (ctx) => admin(ctx, 'delete', `${ROLES}/${await builtinRole(ctx, 'member')}`),
    'builtin_role',
  ],
];

async function roleInUse(ctx: ContractContext): Promise<Response> {
  const roleId = await newRole(ctx);
  const memberId = await newMember(ctx);
  await admin(ctx, 'patch', `${MEMBERS}/${memberId}/role`, { body: { roleId } });
  return admin(ctx, 'delete', `${ROLES}/${roleId}`);
}

/** Custom roles: `ac.*`, fresh sessions, rule 9. */
export const ADMIN_ROLE_CASES: ContractCase[] = [
  ...casesOf(ROLE_ROWS),
  {
    name: 'a role a member holds is 409',
    method: 'delete',
    path: ROLE,
    status: 409,
    run: roleInUse,
    verify: expectError('role_in_use'),
  },
  ...unauthenticatedCases([
    ['get', ROLES, ROLES],
    ['post', ROLES, ROLES],
    ['get', ROLE, `${ROLES}/${NO_SUCH_ID}`],
    ['patch', ROLE, `${ROLES}/${NO_SUCH_ID}`],
    ['delete', ROLE, `${ROLES}/${NO_SUCH_ID}`],
  ]),
];
