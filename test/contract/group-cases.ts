import { expect } from '@jest/globals';

import { GROUP_SCHEMA, patchBody } from '../support/scim-bodies.js';
import { SCIM_BASE } from '../support/test-app.js';
import {
  createGroup,
  createUser,
  PATHS,
  scim,
  uniqueName,
  type ContractCase,
  type ContractContext,
} from './contract-case.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const STALE_ETAG = 'W/"999"';

async function groupWithMembers(ctx: ContractContext, size = 2) {
  const ids: string[] = [];
  for (let i = 0; i < size; i++) ids.push((await createUser(ctx)).id);
  return { group: await createGroup(ctx, ids), memberIds: ids };
}

const addMember = (value: string) => patchBody({ op: 'add', path: 'members', value: [{ value }] });

/** RFC 7644 §3.3–3.6 for `/Groups` and `/Groups/{id}`. */
export const GROUP_CASES: ContractCase[] = [
  {
    name: 'lists groups with their members',
    method: 'get',
    path: PATHS.groups,
    status: 200,
    async run(ctx) {
      const { group } = await groupWithMembers(ctx);
      const filter = encodeURIComponent(`displayName eq "${group.body.displayName}"`);
      return scim(ctx, 'get', `/Groups?filter=${filter}`);
    },
    verify(res) {
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources[0].members).toHaveLength(2);
    },
  },
  {
    name: 'lists groups with excludedAttributes=members, as Entra ID does',
    method: 'get',
    path: PATHS.groups,
    status: 200,
    async run(ctx) {
      await groupWithMembers(ctx);
      return scim(ctx, 'get', '/Groups?excludedAttributes=members&sortBy=displayName');
    },
    verify(res) {
      expect(res.body.Resources.length).toBeGreaterThan(0);
      for (const group of res.body.Resources) expect(group).not.toHaveProperty('members');
    },
  },
  {
    name: 'an unknown filter attribute is invalidFilter',
    method: 'get',
    path: PATHS.groups,
    status: 400,
    run: (ctx) => scim(ctx, 'get', `/Groups?filter=${encodeURIComponent('colour eq "red"')}`),
    verify: (res) => expect(res.body.scimType).toBe('invalidFilter'),
  },
  {
    name: 'creates a group with members',
    method: 'post',
    path: PATHS.groups,
    status: 201,
    async run(ctx) {
      const member = await createUser(ctx);
      const body = {
        schemas: [GROUP_SCHEMA],
        displayName: uniqueName('Engineering'),
        externalId: uniqueName('ext'),
        members: [{ value: member.id }],
      };
      return scim(ctx, 'post', '/Groups', { body });
    },
    verify(res) {
      expect(res.headers.location).toBe(`${SCIM_BASE}/Groups/${res.body.id}`);
      expect(res.body.meta.version).toBe(res.headers.etag);
      expect(res.body.members).toHaveLength(1);
    },
  },
  {
    name: 'creates a group without members; members is left out',
    method: 'post',
    path: PATHS.groups,
    status: 201,
    run: (ctx) =>
      scim(ctx, 'post', '/Groups', {
        body: { schemas: [GROUP_SCHEMA], displayName: uniqueName('Empty') },
      }),
    verify: (res) => expect(res.body).not.toHaveProperty('members'),
  },
  {
    name: 'a member that is not a user of the organization is invalidValue',
    method: 'post',
    path: PATHS.groups,
    status: 400,
    run: (ctx) =>
      scim(ctx, 'post', '/Groups', {
        body: { displayName: uniqueName('Ghosts'), members: [{ value: MISSING_ID }] },
      }),
    verify: (res) => expect(res.body.scimType).toBe('invalidValue'),
  },
  {
    name: 'a taken displayName is 409 uniqueness',
    method: 'post',
    path: PATHS.groups,
    status: 409,
    async run(ctx) {
      const first = await createGroup(ctx);
      return scim(ctx, 'post', '/Groups', { body: { displayName: first.body.displayName } });
    },
  },

  {
    name: 'reads a group with its members',
    method: 'get',
    path: PATHS.group,
    status: 200,
    run: async (ctx) => scim(ctx, 'get', `/Groups/${(await groupWithMembers(ctx)).group.id}`),
    verify(res) {
      expect(res.headers.etag).toBe(res.body.meta.version);
      expect(res.body.members).toHaveLength(2);
    },
  },
  {
    name: 'If-None-Match with the current version is 304',
    method: 'get',
    path: PATHS.group,
    status: 304,
    async run(ctx) {
      const group = await createGroup(ctx);
      return scim(ctx, 'get', `/Groups/${group.id}`, { headers: { 'If-None-Match': group.etag } });
    },
  },
  {
    name: 'an unknown id is 404',
    method: 'get',
    path: PATHS.group,
    status: 404,
    run: (ctx) => scim(ctx, 'get', `/Groups/${MISSING_ID}`),
  },

  {
    name: 'replaces a group and its member list',
    method: 'put',
    path: PATHS.group,
    status: 200,
    async run(ctx) {
      const { group } = await groupWithMembers(ctx);
      const newcomer = await createUser(ctx);
      const body = {
        schemas: [GROUP_SCHEMA],
        displayName: uniqueName('Renamed'),
        members: [{ value: newcomer.id }],
      };
      return scim(ctx, 'put', `/Groups/${group.id}`, { body, headers: { 'If-Match': group.etag } });
    },
    verify(res) {
      expect(res.body.members).toHaveLength(1);
      expect(res.headers.etag).not.toBe('W/"1"');
    },
  },
  {
    name: 'a stale If-Match is 412',
    method: 'put',
    path: PATHS.group,
    status: 412,
    async run(ctx) {
      const group = await createGroup(ctx);
      const body = { displayName: group.body.displayName };
      return scim(ctx, 'put', `/Groups/${group.id}`, { body, headers: { 'If-Match': STALE_ETAG } });
    },
  },

  {
    name: 'adds a member; 204 with the new ETag',
    method: 'patch',
    path: PATHS.group,
    status: 204,
    async run(ctx) {
      const group = await createGroup(ctx);
      const member = await createUser(ctx);
      const res = await scim(ctx, 'patch', `/Groups/${group.id}`, { body: addMember(member.id) });
      const after = await scim(ctx, 'get', `/Groups/${group.id}`);
      expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([member.id]);
      expect(after.headers.etag).toBe(res.headers.etag);
      return res;
    },
  },
  {
    name: 'with attributes, 200 and the group shaped by them',
    method: 'patch',
    path: PATHS.group,
    status: 200,
    async run(ctx) {
      const group = await createGroup(ctx);
      const displayName = uniqueName('Patched');
      const body = patchBody({ op: 'replace', path: 'displayName', value: displayName });
      return scim(ctx, 'patch', `/Groups/${group.id}?attributes=displayName`, { body });
    },
    verify(res) {
      expect(Object.keys(res.body).sort()).toEqual(['displayName', 'id', 'schemas']);
      expect(res.body.displayName).toMatch(/^Patched-/);
    },
  },
  {
    name: "renaming to another group's displayName is 409 uniqueness",
    method: 'patch',
    path: PATHS.group,
    status: 409,
    async run(ctx) {
      const [first, second] = [await createGroup(ctx), await createGroup(ctx)];
      const value = first.body.displayName;
      const body = patchBody({ op: 'replace', path: 'displayName', value });
      return scim(ctx, 'patch', `/Groups/${second.id}`, { body });
    },
  },
  {
    name: 'an empty Operations list is invalidSyntax',
    method: 'patch',
    path: PATHS.group,
    status: 400,
    run: async (ctx) =>
      scim(ctx, 'patch', `/Groups/${(await createGroup(ctx)).id}`, { body: patchBody() }),
    verify: (res) => expect(res.body.scimType).toBe('invalidSyntax'),
  },
  {
    name: 'a stale If-Match is 412',
    method: 'patch',
    path: PATHS.group,
    status: 412,
    async run(ctx) {
      const group = await createGroup(ctx);
      const member = await createUser(ctx);
      const headers = { 'If-Match': STALE_ETAG };
      return scim(ctx, 'patch', `/Groups/${group.id}`, { body: addMember(member.id), headers });
    },
  },

  {
    name: 'deletes a group; its members stay',
    method: 'delete',
    path: PATHS.group,
    status: 204,
    async run(ctx) {
      const { group, memberIds } = await groupWithMembers(ctx, 1);
      const res = await scim(ctx, 'delete', `/Groups/${group.id}`);
      expect((await scim(ctx, 'get', `/Groups/${group.id}`)).status).toBe(404);
      expect((await scim(ctx, 'get', `/Users/${memberIds[0]}`)).status).toBe(200);
      return res;
    },
  },
  {
    name: 'a stale If-Match is 412',
    method: 'delete',
    path: PATHS.group,
    status: 412,
    run: async (ctx) =>
      scim(ctx, 'delete', `/Groups/${(await createGroup(ctx)).id}`, {
        headers: { 'If-Match': STALE_ETAG },
      }),
  },
  {
    name: 'an unknown id is 404',
    method: 'delete',
    path: PATHS.group,
    status: 404,
    run: (ctx) => scim(ctx, 'delete', `/Groups/${MISSING_ID}`),
  },
];
