import { expect } from '@jest/globals';

import { MAX_BODY_BYTES } from '../../src/scim/scim-constants.js';
import { ENTERPRISE, patchBody, USER_SCHEMA, userBody } from '../support/scim-bodies.js';
import { SCIM_BASE } from '../support/test-app.js';
import {
  createUser,
  PATHS,
  scim,
  uniqueName,
  unknownToken,
  type ContractCase,
} from './contract-case.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const STALE_ETAG = 'W/"999"';

const replaceTitle = (value: string) => patchBody({ op: 'replace', path: 'title', value });

/** RFC 7644 §3.3–3.6 for `/Users` and `/Users/{id}`. */
export const USER_CASES: ContractCase[] = [
  {
    name: 'lists with filter, sortBy, sortOrder, startIndex and count',
    method: 'get',
    path: PATHS.users,
    status: 200,
    async run(ctx) {
      const prefix = uniqueName('list');
      for (const n of ['a', 'b', 'c']) await createUser(ctx, `${prefix}-${n}@example.com`);
      const filter = encodeURIComponent(`userName sw "${prefix}-"`);
      const query = `filter=${filter}&sortBy=userName&sortOrder=descending&startIndex=2&count=1`;
      return scim(ctx, 'get', `/Users?${query}`);
    },
    verify(res) {
      expect(res.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
      expect(res.body.Resources[0].userName).toMatch(/-b@example\.com$/);
    },
  },
  {
    name: 'lists with attributes: only those, plus id and schemas',
    method: 'get',
    path: PATHS.users,
    status: 200,
    async run(ctx) {
      await createUser(ctx);
      return scim(ctx, 'get', '/Users?attributes=userName&count=5');
    },
    verify(res) {
      for (const user of res.body.Resources) {
        expect(Object.keys(user).sort()).toEqual(['id', 'schemas', 'userName']);
      }
    },
  },
  {
    name: 'lists with excludedAttributes',
    method: 'get',
    path: PATHS.users,
    status: 200,
    async run(ctx) {
      await createUser(ctx);
      return scim(ctx, 'get', '/Users?excludedAttributes=emails,meta&count=5');
    },
    verify(res) {
      expect(res.body.Resources.length).toBeGreaterThan(0);
      for (const user of res.body.Resources) {
        expect(user).not.toHaveProperty('emails');
        expect(user).not.toHaveProperty('meta');
      }
    },
  },
  {
    name: 'a filter that does not parse is invalidFilter',
    method: 'get',
    path: PATHS.users,
    status: 400,
    run: (ctx) => scim(ctx, 'get', `/Users?filter=${encodeURIComponent('userName eq')}`),
    verify: (res) => expect(res.body.scimType).toBe('invalidFilter'),
  },
  {
    name: 'an unknown sortOrder is invalidValue',
    method: 'get',
    path: PATHS.users,
    status: 400,
    run: (ctx) => scim(ctx, 'get', '/Users?sortOrder=sideways'),
    verify: (res) => expect(res.body.scimType).toBe('invalidValue'),
  },
  {
    name: 'no token: 401 with a bare Bearer challenge',
    method: 'get',
    path: PATHS.users,
    status: 401,
    run: (ctx) => scim(ctx, 'get', '/Users', { token: null }),
    verify: (res) => expect(res.headers['www-authenticate']).toBe('Bearer realm="scim"'),
  },
  {
    name: 'a token no connection issued: 401 invalid_token',
    method: 'get',
    path: PATHS.users,
    status: 401,
    run: (ctx) => scim(ctx, 'get', '/Users', { token: unknownToken() }),
    verify: (res) => expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/),
  },
  {
    name: 'creates a user with the enterprise extension and a manager',
    method: 'post',
    path: PATHS.users,
    status: 201,
    async run(ctx) {
      const manager = await createUser(ctx);
      const body = userBody(`${uniqueName('report')}@example.com`, {
        schemas: [USER_SCHEMA, ENTERPRISE],
        password: 'correct horse battery staple',
        [ENTERPRISE]: { department: 'Research', manager: { value: manager.id } },
      });
      return scim(ctx, 'post', '/Users', { body });
    },
    verify(res) {
      expect(res.headers.location).toBe(`${SCIM_BASE}/Users/${res.body.id}`);
      expect(res.body.meta.location).toBe(res.headers.location);
      expect(res.body.meta.version).toBe(res.headers.etag);
      expect(res.body).not.toHaveProperty('password');
      expect(res.body[ENTERPRISE].manager.$ref).toMatch(/\/Users\/[0-9a-f-]{36}$/);
    },
  },
  {
    name: 'accepts application/json',
    method: 'post',
    path: PATHS.users,
    status: 201,
    run: (ctx) =>
      scim(ctx, 'post', '/Users', {
        body: userBody(`${uniqueName('json')}@example.com`),
        type: 'application/json',
      }),
    verify: (res) => expect(res.body.active).toBe(true),
  },
  {
    name: 'a body that is not JSON is invalidSyntax',
    method: 'post',
    path: PATHS.users,
    status: 400,
    run: (ctx) => scim(ctx, 'post', '/Users', { raw: '{"userName": ' }),
    verify: (res) => expect(res.body.scimType).toBe('invalidSyntax'),
  },
  {
    name: 'a user without userName is invalidValue',
    method: 'post',
    path: PATHS.users,
    status: 400,
    run: (ctx) => scim(ctx, 'post', '/Users', { body: { schemas: [USER_SCHEMA], active: true } }),
    verify: (res) => expect(res.body.scimType).toBe('invalidValue'),
  },
  {
    name: 'a taken userName is 409 uniqueness',
    method: 'post',
    path: PATHS.users,
    status: 409,
    async run(ctx) {
      const first = await createUser(ctx);
      return scim(ctx, 'post', '/Users', { body: userBody(String(first.body.userName)) });
    },
  },
  {
    name: 'a body over 1 MiB is 413',
    method: 'post',
    path: PATHS.users,
    status: 413,
    run: (ctx) =>
      scim(ctx, 'post', '/Users', {
        body: userBody('big@example.com', { title: 'x'.repeat(MAX_BODY_BYTES) }),
      }),
  },
  {
    name: 'a body in another charset is 415',
    method: 'post',
    path: PATHS.users,
    status: 415,
    run: (ctx) =>
      scim(ctx, 'post', '/Users', {
        body: userBody('latin@example.com'),
        type: 'application/json; charset=latin1',
      }),
  },

  {
    name: 'reads a user; ETag is meta.version',
    method: 'get',
    path: PATHS.user,
    status: 200,
    run: async (ctx) => scim(ctx, 'get', `/Users/${(await createUser(ctx)).id}`),
    verify(res) {
      expect(res.headers.etag).toBe(res.body.meta.version);
      expect(res.body).toHaveProperty('userName');
      expect(res.body).toHaveProperty('active');
    },
  },
  {
    name: 'If-None-Match with the current version is 304',
    method: 'get',
    path: PATHS.user,
    status: 304,
    async run(ctx) {
      const user = await createUser(ctx);
      return scim(ctx, 'get', `/Users/${user.id}`, { headers: { 'If-None-Match': user.etag } });
    },
  },
  {
    name: 'an unknown id is 404',
    method: 'get',
    path: PATHS.user,
    status: 404,
    run: (ctx) => scim(ctx, 'get', `/Users/${MISSING_ID}`),
  },
  {
    name: 'attributes given twice is invalidValue',
    method: 'get',
    path: PATHS.user,
    status: 400,
    run: async (ctx) =>
      scim(ctx, 'get', `/Users/${(await createUser(ctx)).id}?attributes=title&attributes=id`),
    verify: (res) => expect(res.body.scimType).toBe('invalidValue'),
  },

  {
    name: 'replaces a user; leaving out active keeps it',
    method: 'put',
    path: PATHS.user,
    status: 200,
    async run(ctx) {
      const user = await createUser(ctx);
      const { active: _active, ...body } = userBody(String(user.body.userName), { title: 'New' });
      return scim(ctx, 'put', `/Users/${user.id}`, { body, headers: { 'If-Match': user.etag } });
    },
    verify(res) {
      expect(res.body).toMatchObject({ title: 'New', active: true });
      expect(res.headers.etag).toBe('W/"2"');
    },
  },
  {
    name: "another user's userName is 409 uniqueness",
    method: 'put',
    path: PATHS.user,
    status: 409,
    async run(ctx) {
      const [first, second] = [await createUser(ctx), await createUser(ctx)];
      const body = userBody(String(first.body.userName));
      return scim(ctx, 'put', `/Users/${second.id}`, { body });
    },
  },
  {
    name: 'a stale If-Match is 412',
    method: 'put',
    path: PATHS.user,
    status: 412,
    async run(ctx) {
      const user = await createUser(ctx);
      const body = userBody(String(user.body.userName));
      return scim(ctx, 'put', `/Users/${user.id}`, { body, headers: { 'If-Match': STALE_ETAG } });
    },
  },
  {
    name: 'an unknown id is 404',
    method: 'put',
    path: PATHS.user,
    status: 404,
    run: (ctx) => scim(ctx, 'put', `/Users/${MISSING_ID}`, { body: userBody('ghost@example.com') }),
  },

  {
    name: 'modifies a user and answers 200 with it',
    method: 'patch',
    path: PATHS.user,
    status: 200,
    async run(ctx) {
      const user = await createUser(ctx);
      return scim(ctx, 'patch', `/Users/${user.id}`, { body: replaceTitle('Patched') });
    },
    verify: (res) => expect(res.body.title).toBe('Patched'),
  },
  {
    name: 'active=false deprovisions and answers the user',
    method: 'patch',
    path: PATHS.user,
    status: 200,
    async run(ctx) {
      const user = await createUser(ctx);
      const body = patchBody({ op: 'replace', path: 'active', value: false });
      return scim(ctx, 'patch', `/Users/${user.id}`, { body });
    },
    verify: (res) => expect(res.body.active).toBe(false),
  },
  {
    name: 'a path naming no attribute is invalidPath',
    method: 'patch',
    path: PATHS.user,
    status: 400,
    async run(ctx) {
      const user = await createUser(ctx);
      const body = patchBody({ op: 'replace', path: 'shoeSize', value: 44 });
      return scim(ctx, 'patch', `/Users/${user.id}`, { body });
    },
    verify: (res) => expect(res.body.scimType).toBe('invalidPath'),
  },
  {
    name: "renaming to another user's userName is 409 uniqueness",
    method: 'patch',
    path: PATHS.user,
    status: 409,
    async run(ctx) {
      const [first, second] = [await createUser(ctx), await createUser(ctx)];
      const body = patchBody({ op: 'replace', path: 'userName', value: first.body.userName });
      return scim(ctx, 'patch', `/Users/${second.id}`, { body });
    },
  },
  {
    name: 'a stale If-Match is 412',
    method: 'patch',
    path: PATHS.user,
    status: 412,
    async run(ctx) {
      const user = await createUser(ctx);
      const headers = { 'If-Match': STALE_ETAG };
      return scim(ctx, 'patch', `/Users/${user.id}`, { body: replaceTitle('Late'), headers });
    },
  },
  {
    name: 'an unknown id is 404',
    method: 'patch',
    path: PATHS.user,
    status: 404,
    run: (ctx) => scim(ctx, 'patch', `/Users/${MISSING_ID}`, { body: replaceTitle('Nobody') }),
  },

  {
    name: 'deletes a user; it is then 404',
    method: 'delete',
    path: PATHS.user,
    status: 204,
    async run(ctx) {
      const user = await createUser(ctx);
      const res = await scim(ctx, 'delete', `/Users/${user.id}`, {
        headers: { 'If-Match': user.etag },
      });
      expect((await scim(ctx, 'get', `/Users/${user.id}`)).status).toBe(404);
      return res;
    },
  },
  {
    name: 'a stale If-Match is 412',
    method: 'delete',
    path: PATHS.user,
    status: 412,
    run: async (ctx) =>
      scim(ctx, 'delete', `/Users/${(await createUser(ctx)).id}`, {
        headers: { 'If-Match': STALE_ETAG },
      }),
  },
  {
    name: 'an unknown id is 404',
    method: 'delete',
    path: PATHS.user,
    status: 404,
    run: (ctx) => scim(ctx, 'delete', `/Users/${MISSING_ID}`),
  },
];
