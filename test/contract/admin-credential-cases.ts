import { expect } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { createMember, signIn } from '../support/sessions.js';
import { SCIM_BASE } from '../support/test-app.js';
import {
  ADMIN_BASE,
  admin,
  memberOf,
  NO_SUCH_ID,
  otherOrgId,
  unauthenticatedCases,
} from './admin-case-support.js';
import { uniqueName, type ContractCase, type ContractContext } from './contract-case.js';

export const ADMIN_PATHS = {
  apiKeys: `${ADMIN_BASE}/api-keys`,
  apiKey: `${ADMIN_BASE}/api-keys/{keyId}`,
  scimConnections: `${ADMIN_BASE}/scim-connections`,
  scimConnection: `${ADMIN_BASE}/scim-connections/{connectionId}`,
  scimRotate: `${ADMIN_BASE}/scim-connections/{connectionId}/rotate`,
} as const;
const P = ADMIN_PATHS;

async function newKeyId(ctx: ContractContext): Promise<string> {
  return (await issueTestApiKey(ctx.t, ctx.org.id, await memberOf(ctx, 'owner'))).id;
}

async function newConnection(ctx: ContractContext): Promise<string> {
  const res = await admin(ctx, 'post', P.scimConnections, { body: { name: uniqueName('idp') } });
  return res.body.connectionId;
}

/** Organization API keys: issue (shown once), list (never the secret), revoke. */
const API_KEY_CASES: ContractCase[] = [
  {
    name: 'lists keys without secrets',
    method: 'get',
    path: P.apiKeys,
    status: 200,
    async run(ctx) {
      await newKeyId(ctx);
      return admin(ctx, 'get', P.apiKeys);
    },
    verify: (res) => expect(res.body.data.length).toBeGreaterThan(0),
  },
  {
    name: 'a limit of 0 is 400',
    method: 'get',
    path: P.apiKeys,
    status: 400,
    run: (ctx) => admin(ctx, 'get', `${P.apiKeys}?limit=0`),
  },
  {
    name: 'an admin lacks security_configuration.manage',
    method: 'get',
    path: P.apiKeys,
    status: 403,
    run: (ctx) => admin(ctx, 'get', P.apiKeys, { as: 'admin' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: P.apiKeys,
    status: 404,
    run: (ctx) => admin(ctx, 'get', P.apiKeys, { orgId: otherOrgId() }),
  },
  {
    name: 'issues a key, shown once',
    method: 'post',
    path: P.apiKeys,
    status: 201,
    run: (ctx) => admin(ctx, 'post', P.apiKeys, { body: { name: 'ci', expiresInDays: 30 } }),
    verify: (res) => expect(res.body.key.startsWith(res.body.prefix)).toBe(true),
  },
  {
    name: 'an unknown permission is 400 naming it',
    method: 'post',
    path: P.apiKeys,
    status: 400,
    run: (ctx) => admin(ctx, 'post', P.apiKeys, { body: { name: 'x', permissions: ['x.y'] } }),
    verify: (res) => expect(res.body).toMatchObject({ error: 'invalid_request' }),
  },
  {
    name: 'a stale session must step up',
    method: 'post',
    path: P.apiKeys,
    status: 403,
    run: (ctx) => admin(ctx, 'post', P.apiKeys, { as: 'stale-owner', body: { name: 'x' } }),
    verify: (res) => expect(res.body.error).toBe('reauth'),
  },
  {
    name: 'an API key never mints keys',
    method: 'post',
    path: P.apiKeys,
    status: 403,
    run: (ctx) => admin(ctx, 'post', P.apiKeys, { as: 'owner-key', body: { name: 'x' } }),
    verify: (res) => expect(res.body.error).toBe('reauth'),
  },
  {
    name: 'a permission the member lacks',
    method: 'post',
    path: P.apiKeys,
    status: 403,
    async run(ctx) {
      const memberId = await memberOf(ctx, 'member');
      const body = { name: 'x', memberId, permissions: ['team.create'] };
      return admin(ctx, 'post', P.apiKeys, { body });
    },
    verify: (res) => expect(res.body.error).toBe('forbidden'),
  },
  {
    name: 'a key for a member who holds more than the caller',
    method: 'post',
    path: P.apiKeys,
    status: 403,
    async run(ctx) {
      const [{ id: role }] = await ctx.t.db.query(
        `INSERT INTO roles (org_id, name, builtin, permissions)
         VALUES ($1, $2, false, '{security_configuration.manage,member.delete}') RETURNING id`,
        [ctx.org.id, uniqueName('secops')],
      );
      const secOps = await createMember(ctx.t, ctx.org.id, `${uniqueName('sec')}@example.com`);
      await ctx.t.db.query('UPDATE members SET role_id = $2 WHERE id = $1', [secOps, role]);
      const { headers } = await signIn(ctx.t, ctx.org.id, secOps);
      const body = { name: 'x', memberId: await memberOf(ctx, 'admin'), permissions: [] };
      return ctx.t.http.post(P.apiKeys.replace('{orgId}', ctx.org.id)).set(headers).send(body);
    },
    verify: (res) => expect(res.body.error).toBe('permission_not_held'),
  },
  {
    name: 'a member who does not exist',
    method: 'post',
    path: P.apiKeys,
    status: 404,
    run: (ctx) => admin(ctx, 'post', P.apiKeys, { body: { name: 'x', memberId: NO_SUCH_ID } }),
  },
  {
    name: 'a suspended member',
    method: 'post',
    path: P.apiKeys,
    status: 409,
    async run(ctx) {
      const memberId = await createMember(ctx.t, ctx.org.id, `${uniqueName('s')}@example.com`);
      await ctx.t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [memberId]);
      return admin(ctx, 'post', P.apiKeys, { body: { name: 'x', memberId } });
    },
    verify: (res) => expect(res.body.error).toBe('member_not_active'),
  },
  {
    name: 'revokes a key',
    method: 'delete',
    path: P.apiKey,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', `${P.apiKeys}/${await newKeyId(ctx)}`),
  },
  {
    name: 'an API key never revokes keys',
    method: 'delete',
    path: P.apiKey,
    status: 403,
    run: async (ctx) =>
      admin(ctx, 'delete', `${P.apiKeys}/${await newKeyId(ctx)}`, { as: 'owner-key' }),
  },
  {
    name: 'a malformed key id is 404',
    method: 'delete',
    path: P.apiKey,
    status: 404,
    run: (ctx) => admin(ctx, 'delete', `${P.apiKeys}/not-a-key`),
  },
];

/** SCIM directories: connect (token shown once), list, rotate with overlap, delete. */
const SCIM_CONNECTION_CASES: ContractCase[] = [
  {
    name: 'lists connections with live token counts',
    method: 'get',
    path: P.scimConnections,
    status: 200,
    run: (ctx) => admin(ctx, 'get', P.scimConnections),
    verify: (res, ctx) =>
      expect(res.body.data.map((c: { id: string }) => c.id)).toContain(ctx.org.connectionId),
  },
  {
    name: 'an admin lacks security_configuration.manage',
    method: 'get',
    path: P.scimConnections,
    status: 403,
    run: (ctx) => admin(ctx, 'get', P.scimConnections, { as: 'admin' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: P.scimConnections,
    status: 404,
    run: (ctx) => admin(ctx, 'get', P.scimConnections, { orgId: otherOrgId() }),
  },
  {
    name: 'connects a directory',
    method: 'post',
    path: P.scimConnections,
    status: 201,
    run: (ctx) => admin(ctx, 'post', P.scimConnections, { body: { name: 'Okta' } }),
    verify: (res) => expect(res.body.baseUrl).toBe(SCIM_BASE),
  },
  {
    name: 'a blank name is 400',
    method: 'post',
    path: P.scimConnections,
    status: 400,
    run: (ctx) => admin(ctx, 'post', P.scimConnections, { body: { name: '' } }),
  },
  {
    name: 'an API key cannot connect a directory',
    method: 'post',
    path: P.scimConnections,
    status: 403,
    run: (ctx) => admin(ctx, 'post', P.scimConnections, { as: 'owner-key', body: { name: 'x' } }),
  },
  {
    name: 'rotates the token',
    method: 'post',
    path: P.scimRotate,
    status: 200,
    async run(ctx) {
      const id = await newConnection(ctx);
      return admin(ctx, 'post', `${P.scimConnections}/${id}/rotate`, {
        body: { overlapMinutes: 5 },
      });
    },
  },
  {
    name: 'an overlap over 7 days is 400',
    method: 'post',
    path: P.scimRotate,
    status: 400,
    async run(ctx) {
      const body = { overlapMinutes: 10081 };
      return admin(ctx, 'post', `${P.scimConnections}/${ctx.org.connectionId}/rotate`, { body });
    },
  },
  {
    name: 'a stale session cannot rotate',
    method: 'post',
    path: P.scimRotate,
    status: 403,
    run: (ctx) =>
      admin(ctx, 'post', `${P.scimConnections}/${ctx.org.connectionId}/rotate`, {
        as: 'stale-owner',
      }),
  },
  {
    name: 'an unknown connection is 404',
    method: 'post',
    path: P.scimRotate,
    status: 404,
    run: (ctx) => admin(ctx, 'post', `${P.scimConnections}/${NO_SUCH_ID}/rotate`),
  },
  {
    name: 'deletes a connection',
    method: 'delete',
    path: P.scimConnection,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', `${P.scimConnections}/${await newConnection(ctx)}`),
  },
  {
    name: 'an API key cannot delete a connection',
    method: 'delete',
    path: P.scimConnection,
    status: 403,
    run: (ctx) =>
      admin(ctx, 'delete', `${P.scimConnections}/${ctx.org.connectionId}`, { as: 'owner-key' }),
  },
  {
    name: 'a malformed connection id is 404',
    method: 'delete',
    path: P.scimConnection,
    status: 404,
    run: (ctx) => admin(ctx, 'delete', `${P.scimConnections}/nope`),
  },
];

/** The admin API for credentials: API keys and SCIM connections. */
export const ADMIN_CREDENTIAL_CASES: ContractCase[] = [
  ...API_KEY_CASES,
  ...SCIM_CONNECTION_CASES,
  ...unauthenticatedCases([
    ['get', P.apiKeys, P.apiKeys],
    ['post', P.apiKeys, P.apiKeys],
    ['delete', P.apiKey, `${P.apiKeys}/${NO_SUCH_ID}`],
    ['get', P.scimConnections, P.scimConnections],
    ['post', P.scimConnections, P.scimConnections],
    ['delete', P.scimConnection, `${P.scimConnections}/${NO_SUCH_ID}`],
    ['post', P.scimRotate, `${P.scimConnections}/${NO_SUCH_ID}/rotate`],
  ]),
];
