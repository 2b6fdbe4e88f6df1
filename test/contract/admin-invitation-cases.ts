import { createMember, signIn } from '../support/sessions.js';
import { admin, NO_SUCH_ID, otherOrgId, unauthenticatedCases } from './admin-case-support.js';
import {
  ACCEPT,
  as,
  builtinRole,
  casesOf,
  INVITATION,
  INVITATIONS,
  newInvitation,
  newMember,
  REFRESH,
  type Row,
} from './admin-member-fixtures.js';
import { uniqueName, type ContractCase } from './contract-case.js';

const INVITATION_ROWS: Row[] = [
  [
    'lists invitations',
    'get',
    INVITATIONS,
    200,
    async (ctx) => (
      await newInvitation(ctx),
      admin(ctx, 'get', `${INVITATIONS}?status=pending&limit=1`, as('admin'))
    ),
  ],
  [
    'an unknown status is 400',
    'get',
    INVITATIONS,
    400,
    (ctx) => admin(ctx, 'get', `${INVITATIONS}?status=lost`),
    'invalid_request',
  ],
  [
    'listing needs invitation.create',
    'get',
    INVITATIONS,
    403,
    (ctx) => admin(ctx, 'get', INVITATIONS, as('member')),
  ],
  [
    'another organization is 404',
    'get',
    INVITATIONS,
    404,
    (ctx) => admin(ctx, 'get', INVITATIONS, { orgId: otherOrgId() }),
  ],
  [
    'invites',
    'post',
    INVITATIONS,
    201,
    async (ctx) =>
      admin(ctx, 'post', INVITATIONS, {
        as: 'admin',
        body: {
          email: `${uniqueName('new')}@example.com`,
          roleId: await builtinRole(ctx, 'member'),
        },
      }),
  ],
  [
    'inviting needs a fresh session',
    'post',
    INVITATIONS,
    403,
    async (ctx) =>
      admin(ctx, 'post', INVITATIONS, {
        as: 'stale-owner',
        body: {
          email: `${uniqueName('late')}@example.com`,
          roleId: await builtinRole(ctx, 'member'),
        },
      }),
    'reauth',
  ],
  [
    'a bad address is 400',
    'post',
    INVITATIONS,
    400,
    async (ctx) =>
      admin(ctx, 'post', INVITATIONS, {
        body: { email: 'nope', roleId: await builtinRole(ctx, 'member') },
      }),
    'invalid_request',
  ],
  [
    'never into owner',
    'post',
    INVITATIONS,
    403,
    async (ctx) =>
      admin(ctx, 'post', INVITATIONS, {
        body: { email: `${uniqueName('o')}@example.com`, roleId: await builtinRole(ctx, 'owner') },
      }),
    'owner_not_grantable',
  ],
  [
    'an unknown role is 404',
    'post',
    INVITATIONS,
    404,
    (ctx) =>
      admin(ctx, 'post', INVITATIONS, {
        body: { email: `${uniqueName('u')}@example.com`, roleId: NO_SUCH_ID },
      }),
  ],
  [
    'a member is not invited again',
    'post',
    INVITATIONS,
    409,
    async (ctx) => {
      const email = `${uniqueName('m')}@example.com`;
      await createMember(ctx.t, ctx.org.id, email);
      return admin(ctx, 'post', INVITATIONS, {
        body: { email, roleId: await builtinRole(ctx, 'member') },
      });
    },
    'already_member',
  ],
  [
    'cancels',
    'delete',
    INVITATION,
    204,
    async (ctx) => admin(ctx, 'delete', `${INVITATIONS}/${(await newInvitation(ctx)).id}`),
  ],
  [
    'canceling needs invitation.cancel',
    'delete',
    INVITATION,
    403,
    async (ctx) =>
      admin(ctx, 'delete', `${INVITATIONS}/${(await newInvitation(ctx)).id}`, as('member')),
  ],
  [
    'an unknown invitation is 404',
    'delete',
    INVITATION,
    404,
    (ctx) => admin(ctx, 'delete', `${INVITATIONS}/${NO_SUCH_ID}`),
  ],
  [
    'a canceled one is 409',
    'delete',
    INVITATION,
    409,
    async (ctx) => {
      const { id } = await newInvitation(ctx);
      await admin(ctx, 'delete', `${INVITATIONS}/${id}`);
      return admin(ctx, 'delete', `${INVITATIONS}/${id}`);
    },
    'invitation_not_pending',
  ],
  [
    'refreshes',
    'post',
    REFRESH,
    200,
    async (ctx) => admin(ctx, 'post', `${INVITATIONS}/${(await newInvitation(ctx)).id}/refresh`),
  ],
  [
    'refreshing needs invitation.create',
    'post',
    REFRESH,
    403,
    async (ctx) =>
      admin(ctx, 'post', `${INVITATIONS}/${(await newInvitation(ctx)).id}/refresh`, as('member')),
  ],
  [
    'an API key never refreshes an invitation',
    'post',
    REFRESH,
    403,
    async (ctx) =>
      admin(
        ctx,
        'post',
        `${INVITATIONS}/${(await newInvitation(ctx)).id}/refresh`,
        as('owner-key'),
      ),
    'reauth',
  ],
  [
    'an unknown invitation is 404',
    'post',
    REFRESH,
    404,
    (ctx) => admin(ctx, 'post', `${INVITATIONS}/nope/refresh`),
  ],
  [
    'a canceled one is 409',
    'post',
    REFRESH,
    409,
    async (ctx) => {
      const { id } = await newInvitation(ctx);
      await admin(ctx, 'delete', `${INVITATIONS}/${id}`);
      return admin(ctx, 'post', `${INVITATIONS}/${id}/refresh`);
    },
    'invitation_not_pending',
  ],
  [
    'accepts',
    'post',
    ACCEPT,
    201,
    async (ctx) => ctx.t.http.post(ACCEPT).send({ token: (await newInvitation(ctx)).token }),
  ],
  [
    'a missing token is 400',
    'post',
    ACCEPT,
    400,
    (ctx) => ctx.t.http.post(ACCEPT).send({}),
    'invalid_request',
  ],
  [
    'an unknown token is 404',
    'post',
    ACCEPT,
    404,
    (ctx) => ctx.t.http.post(ACCEPT).send({ token: `tsi_${NO_SUCH_ID}_${'0'.repeat(64)}` }),
    'invitation_not_found',
  ],
  [
    'an address that became a member is 409',
    'post',
    ACCEPT,
    409,
    async (ctx) => {
      const inv = await newInvitation(ctx);
      await createMember(ctx.t, ctx.org.id, inv.email);
      return ctx.t.http.post(ACCEPT).send({ token: inv.token });
    },
    'already_member',
  ],
  [
    'an inviter who was suspended no longer backs the invitation',
    'post',
    ACCEPT,
    409,
    async (ctx) => {
      const inviter = await newMember(ctx, 'admin');
      const { headers } = await signIn(ctx.t, ctx.org.id, inviter);
      const body = {
        email: `${uniqueName('orphan')}@example.com`,
        roleId: await builtinRole(ctx, 'member'),
      };
      const invited = await ctx.t.http
        .post(INVITATIONS.replace('{orgId}', ctx.org.id))
        .set(headers)
        .send(body);
      await ctx.t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [inviter]);
      return ctx.t.http.post(ACCEPT).send({ token: invited.body.acceptToken });
    },
    'invitation_no_longer_valid',
  ],
];

/** Invitations, and accepting one at `/auth/invitations/accept`. */
export const ADMIN_INVITATION_CASES: ContractCase[] = [
  ...casesOf(INVITATION_ROWS),
  ...unauthenticatedCases([
    ['get', INVITATIONS, INVITATIONS],
    ['post', INVITATIONS, INVITATIONS],
    ['delete', INVITATION, `${INVITATIONS}/${NO_SUCH_ID}`],
    ['post', REFRESH, `${INVITATIONS}/${NO_SUCH_ID}/refresh`],
  ]),
];
