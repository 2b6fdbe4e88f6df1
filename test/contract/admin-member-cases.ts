import { expect } from '@jest/globals';

import { signIn } from '../support/sessions.js';
import { admin, NO_SUCH_ID, otherOrgId, unauthenticatedCases } from './admin-case-support.js';
import { ADMIN_INVITATION_CASES } from './admin-invitation-cases.js';
import {
  as,
  builtinRole,
  casesOf,
  MEMBER,
  MEMBER_ROLE,
  MEMBERS,
  newMember,
  inLoneOwnerOrg,
  TRANSFER,
  type Row,
} from './admin-member-fixtures.js';
import { ADMIN_ROLE_CASES } from './admin-role-cases.js';
import type { ContractCase } from './contract-case.js';

const MEMBER_ROWS: Row[] = [
  [
    'any member lists members',
    'get',
    MEMBERS,
    200,
    (ctx) => admin(ctx, 'get', `${MEMBERS}?limit=2&status=active`, as('member')),
  ],
  [
    'an unknown status is 400',
    'get',
    MEMBERS,
    400,
    (ctx) => admin(ctx, 'get', `${MEMBERS}?status=asleep`),
    'invalid_request',
  ],
  [
    'another organization is 404',
    'get',
    MEMBERS,
    404,
    (ctx) => admin(ctx, 'get', MEMBERS, { orgId: otherOrgId() }),
  ],
  [
    'reads one member',
    'get',
    MEMBER,
    200,
    async (ctx) => admin(ctx, 'get', `${MEMBERS}/${await newMember(ctx)}`, as('member')),
  ],
  ['a malformed id is 404', 'get', MEMBER, 404, (ctx) => admin(ctx, 'get', `${MEMBERS}/not-an-id`)],
  [
    'removes a member',
    'delete',
    MEMBER,
    204,
    async (ctx) => admin(ctx, 'delete', `${MEMBERS}/${await newMember(ctx)}`, as('admin')),
  ],
  [
    'removal needs member.delete',
    'delete',
    MEMBER,
    403,
    async (ctx) => admin(ctx, 'delete', `${MEMBERS}/${await newMember(ctx)}`, as('member')),
    'forbidden',
  ],
  [
    'an API key never removes a member',
    'delete',
    MEMBER,
    403,
    async (ctx) => admin(ctx, 'delete', `${MEMBERS}/${await newMember(ctx)}`, as('owner-key')),
    'reauth',
  ],
  [
    'removing an unknown member is 404',
    'delete',
    MEMBER,
    404,
    (ctx) => admin(ctx, 'delete', `${MEMBERS}/${NO_SUCH_ID}`),
  ],
  [
    'the last owner is not removed',
    'delete',
    MEMBER,
    409,
    (ctx) => inLoneOwnerOrg('delete', ctx, ''),
    'last_owner',
  ],
  [
    'changes a role',
    'patch',
    MEMBER_ROLE,
    200,
    async (ctx) =>
      admin(ctx, 'patch', `${MEMBERS}/${await newMember(ctx)}/role`, {
        body: { roleId: await builtinRole(ctx, 'admin') },
      }),
  ],
  [
    'a body without roleId is 400',
    'patch',
    MEMBER_ROLE,
    400,
    async (ctx) => admin(ctx, 'patch', `${MEMBERS}/${await newMember(ctx)}/role`, { body: {} }),
    'invalid_request',
  ],
  [
    'owner is never granted by a role change',
    'patch',
    MEMBER_ROLE,
    403,
    async (ctx) =>
      admin(ctx, 'patch', `${MEMBERS}/${await newMember(ctx)}/role`, {
        body: { roleId: await builtinRole(ctx, 'owner') },
      }),
    'owner_not_grantable',
  ],
  [
    'a stale session must step up',
    'patch',
    MEMBER_ROLE,
    403,
    async (ctx) =>
      admin(ctx, 'patch', `${MEMBERS}/${await newMember(ctx)}/role`, {
        as: 'stale-owner',
        body: { roleId: await builtinRole(ctx, 'admin') },
      }),
    'reauth',
  ],
  [
    'an unknown role is 404',
    'patch',
    MEMBER_ROLE,
    404,
    async (ctx) =>
      admin(ctx, 'patch', `${MEMBERS}/${await newMember(ctx)}/role`, {
        body: { roleId: NO_SUCH_ID },
      }),
  ],
  [
    'the last owner is not demoted',
    'patch',
    MEMBER_ROLE,
    409,
    (ctx) => inLoneOwnerOrg('patch', ctx, '/role', {}),
    'last_owner',
  ],
  [
    'an admin cannot transfer ownership',
    'post',
    TRANSFER,
    403,
    async (ctx) =>
      admin(ctx, 'post', `${MEMBERS}/${await newMember(ctx)}/transfer-ownership`, as('admin')),
    'owner_required',
  ],
  [
    'transfer to an unknown member is 404',
    'post',
    TRANSFER,
    404,
    (ctx) => admin(ctx, 'post', `${MEMBERS}/${NO_SUCH_ID}/transfer-ownership`),
  ],
  [
    'transfer to an owner is 409',
    'post',
    TRANSFER,
    409,
    async (ctx) =>
      admin(ctx, 'post', `${MEMBERS}/${await newMember(ctx, 'owner')}/transfer-ownership`),
    'already_owner',
  ],
];

/** Members, then roles and invitations (and accepting one): the admin API of people. */
export const ADMIN_MEMBER_CASES: ContractCase[] = [
  ...casesOf(MEMBER_ROWS),
  {
    name: 'an owner hands over ownership and becomes admin',
    method: 'post',
    path: TRANSFER,
    status: 200,
    async run(ctx) {
      const ownerId = await newMember(ctx, 'owner');
      const { headers } = await signIn(ctx.t, ctx.org.id, ownerId);
      const target = await newMember(ctx);
      const url = `/api/v1/orgs/${ctx.org.id}/members/${target}/transfer-ownership`;
      return ctx.t.http.post(url).set(headers);
    },
    verify: (res) => expect(res.body.previousOwner.role.name).toBe('admin'),
  },
  ...unauthenticatedCases([
    ['get', MEMBERS, MEMBERS],
    ['get', MEMBER, `${MEMBERS}/${NO_SUCH_ID}`],
    ['delete', MEMBER, `${MEMBERS}/${NO_SUCH_ID}`],
    ['patch', MEMBER_ROLE, `${MEMBERS}/${NO_SUCH_ID}/role`],
    ['post', TRANSFER, `${MEMBERS}/${NO_SUCH_ID}/transfer-ownership`],
  ]),
  ...ADMIN_ROLE_CASES,
  ...ADMIN_INVITATION_CASES,
];
