import { expect } from '@jest/globals';

import { ADMIN_BASE, admin, memberOf, NO_SUCH_ID, otherOrgId } from './admin-case-support.js';
import { unauthenticatedCases } from './admin-case-support.js';
import {
  createGroup,
  uniqueName,
  type ContractCase,
  type ContractContext,
  type Method,
} from './contract-case.js';

const TEAMS = `${ADMIN_BASE}/teams`;
const TEAM = `${TEAMS}/{teamId}`;
const TEAM_MEMBER = `${TEAM}/members/{memberId}`;

async function newTeam(ctx: ContractContext): Promise<string> {
  const res = await admin(ctx, 'post', TEAMS, { body: { displayName: uniqueName('team') } });
  return res.body.id;
}

/** A team a SCIM directory made: the admin API refuses to change it. */
async function directoryTeam(ctx: ContractContext): Promise<string> {
  return (await createGroup(ctx)).id;
}

async function teamWithMember(ctx: ContractContext) {
  const teamId = await newTeam(ctx);
  const memberId = await memberOf(ctx, 'member');
  await admin(ctx, 'put', `${TEAMS}/${teamId}/members/${memberId}`);
  return `${TEAMS}/${teamId}/members/${memberId}`;
}

/** The same refusal for every manual change of a directory-managed team. */
const DIRECTORY_MANAGED: [Method, string, (ctx: ContractContext, id: string) => Promise<string>][] =
  [
    ['patch', TEAM, async (_ctx, id) => `${TEAMS}/${id}`],
    ['delete', TEAM, async (_ctx, id) => `${TEAMS}/${id}`],
    [
      'put',
      TEAM_MEMBER,
      async (ctx, id) => `${TEAMS}/${id}/members/${await memberOf(ctx, 'member')}`,
    ],
    [
      'delete',
      TEAM_MEMBER,
      async (ctx, id) => `${TEAMS}/${id}/members/${await memberOf(ctx, 'member')}`,
    ],
  ];

/** Teams: any member reads; `team.*` writes; directory-managed teams are the IdP's. */
export const ADMIN_TEAM_CASES: ContractCase[] = [
  {
    name: 'lists teams to any member',
    method: 'get',
    path: TEAMS,
    status: 200,
    async run(ctx) {
      await newTeam(ctx);
      return admin(ctx, 'get', `${TEAMS}?limit=1`, { as: 'member' });
    },
    verify: (res) => expect(res.body.data).toHaveLength(1),
  },
  {
    name: 'a cursor Tessera did not issue is 400',
    method: 'get',
    path: TEAMS,
    status: 400,
    run: (ctx) => admin(ctx, 'get', `${TEAMS}?cursor=bogus`),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: TEAMS,
    status: 404,
    run: (ctx) => admin(ctx, 'get', TEAMS, { as: 'member', orgId: otherOrgId() }),
  },
  {
    name: 'creates a team',
    method: 'post',
    path: TEAMS,
    status: 201,
    run: (ctx) => admin(ctx, 'post', TEAMS, { body: { displayName: uniqueName('t') } }),
  },
  {
    name: 'a displayName that is not a string is 400',
    method: 'post',
    path: TEAMS,
    status: 400,
    run: (ctx) => admin(ctx, 'post', TEAMS, { body: { displayName: 5 } }),
  },
  {
    name: 'a plain member lacks team.create',
    method: 'post',
    path: TEAMS,
    status: 403,
    run: (ctx) => admin(ctx, 'post', TEAMS, { as: 'member', body: { displayName: 'x' } }),
  },
  {
    name: 'a taken name is 409 uniqueness',
    method: 'post',
    path: TEAMS,
    status: 409,
    async run(ctx) {
      const displayName = uniqueName('dup');
      await admin(ctx, 'post', TEAMS, { body: { displayName } });
      return admin(ctx, 'post', TEAMS, { body: { displayName: displayName.toUpperCase() } });
    },
  },
  {
    name: 'reads a team with its members',
    method: 'get',
    path: TEAM,
    status: 200,
    async run(ctx) {
      const path = await teamWithMember(ctx);
      return admin(ctx, 'get', path.split('/members/')[0]!, { as: 'member' });
    },
    verify: (res) => expect(res.body.members).toHaveLength(1),
  },
  {
    name: 'a limit that is not a number is 400',
    method: 'get',
    path: TEAM,
    status: 400,
    run: async (ctx) => admin(ctx, 'get', `${TEAMS}/${await newTeam(ctx)}?limit=many`),
  },
  {
    name: 'a malformed team id is 404',
    method: 'get',
    path: TEAM,
    status: 404,
    run: (ctx) => admin(ctx, 'get', `${TEAMS}/not-a-team`),
  },
  {
    name: 'renames a team',
    method: 'patch',
    path: TEAM,
    status: 200,
    run: async (ctx) =>
      admin(ctx, 'patch', `${TEAMS}/${await newTeam(ctx)}`, {
        body: { displayName: uniqueName('renamed') },
      }),
  },
  {
    name: 'an unknown field is 400',
    method: 'patch',
    path: TEAM,
    status: 400,
    run: async (ctx) =>
      admin(ctx, 'patch', `${TEAMS}/${await newTeam(ctx)}`, { body: { displayName: 'x', y: 1 } }),
  },
  {
    name: 'a plain member lacks team.update',
    method: 'patch',
    path: TEAM,
    status: 403,
    run: (ctx) => admin(ctx, 'patch', `${TEAMS}/${NO_SUCH_ID}`, { as: 'member', body: {} }),
  },
  {
    name: 'an unknown team is 404',
    method: 'patch',
    path: TEAM,
    status: 404,
    run: (ctx) => admin(ctx, 'patch', `${TEAMS}/${NO_SUCH_ID}`, { body: { displayName: 'x' } }),
  },
  {
    name: 'deletes a team',
    method: 'delete',
    path: TEAM,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', `${TEAMS}/${await newTeam(ctx)}`),
  },
  {
    name: 'a plain member lacks team.delete',
    method: 'delete',
    path: TEAM,
    status: 403,
    run: async (ctx) => admin(ctx, 'delete', `${TEAMS}/${await newTeam(ctx)}`, { as: 'member' }),
  },
  {
    name: 'an unknown team is 404',
    method: 'delete',
    path: TEAM,
    status: 404,
    run: (ctx) => admin(ctx, 'delete', `${TEAMS}/${NO_SUCH_ID}`),
  },
  {
    name: 'adds a member',
    method: 'put',
    path: TEAM_MEMBER,
    status: 204,
    run: async (ctx) =>
      admin(ctx, 'put', `${TEAMS}/${await newTeam(ctx)}/members/${await memberOf(ctx, 'admin')}`),
  },
  {
    name: 'a plain member lacks team.update',
    method: 'put',
    path: TEAM_MEMBER,
    status: 403,
    run: (ctx) =>
      admin(ctx, 'put', `${TEAMS}/${NO_SUCH_ID}/members/${NO_SUCH_ID}`, { as: 'member' }),
  },
  {
    name: 'someone who is not a member of the organization is 404',
    method: 'put',
    path: TEAM_MEMBER,
    status: 404,
    run: async (ctx) => admin(ctx, 'put', `${TEAMS}/${await newTeam(ctx)}/members/${NO_SUCH_ID}`),
  },
  {
    name: 'removes a member',
    method: 'delete',
    path: TEAM_MEMBER,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', await teamWithMember(ctx)),
  },
  {
    name: 'a plain member lacks team.update',
    method: 'delete',
    path: TEAM_MEMBER,
    status: 403,
    run: async (ctx) => admin(ctx, 'delete', await teamWithMember(ctx), { as: 'member' }),
  },
  {
    name: 'someone not in the team is 404',
    method: 'delete',
    path: TEAM_MEMBER,
    status: 404,
    run: async (ctx) =>
      admin(
        ctx,
        'delete',
        `${TEAMS}/${await newTeam(ctx)}/members/${await memberOf(ctx, 'admin')}`,
      ),
  },
  ...DIRECTORY_MANAGED.map(([method, path, url]): ContractCase => ({
    name: 'a directory-managed team is 409 directory_managed',
    method,
    path,
    status: 409,
    async run(ctx) {
      const body = method === 'patch' ? { displayName: uniqueName('x') } : undefined;
      return admin(ctx, method, await url(ctx, await directoryTeam(ctx)), { body });
    },
    verify: (res) => expect(res.body.error).toBe('directory_managed'),
  })),
  ...unauthenticatedCases([
    ['get', TEAMS, TEAMS],
    ['post', TEAMS, TEAMS],
    ['get', TEAM, `${TEAMS}/${NO_SUCH_ID}`],
    ['patch', TEAM, `${TEAMS}/${NO_SUCH_ID}`],
    ['delete', TEAM, `${TEAMS}/${NO_SUCH_ID}`],
    ['put', TEAM_MEMBER, `${TEAMS}/${NO_SUCH_ID}/members/${NO_SUCH_ID}`],
    ['delete', TEAM_MEMBER, `${TEAMS}/${NO_SUCH_ID}/members/${NO_SUCH_ID}`],
  ]),
];
