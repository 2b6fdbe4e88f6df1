import { expect } from '@jest/globals';

import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { issueTestApiKey } from '../support/api-keys.js';
import { addBreakGlassOwner } from '../support/break-glass.js';
import { createMember, signIn } from '../support/sessions.js';
import { uniqueName, type ContractCase, type ContractContext } from './contract-case.js';

const SESSION = '/auth/session';
const LOGOUT = '/auth/logout';
const BREAK_GLASS = '/auth/break-glass';

let addresses = 0;

/** A break-glass owner of the contract organization, and a sign-in body that works now. */
async function breakGlassBody(ctx: ContractContext) {
  const email = `${uniqueName('root')}@contract.test`;
  const owner = await addBreakGlassOwner(ctx.t, ctx.org, email);
  const code = generateTotp(decodeBase32(owner.totpSecret), ctx.t.clock.now());
  return { organization: ctx.org.slug, email, password: owner.password, code };
}

/** Each case signs in from its own address, so the per-address throttle stays out of the way. */
function postBreakGlass(ctx: ContractContext, body: unknown, ip = `198.51.100.${++addresses}`) {
  return ctx.t.http
    .post(BREAK_GLASS)
    .set('X-Forwarded-For', ip)
    .send(body as object);
}

async function signedInOwner(ctx: ContractContext) {
  const memberId = await createMember(ctx.t, ctx.org.id, `${uniqueName('owner')}@contract.test`);
  await ctx.t.db.query(
    `UPDATE members SET role_id = (SELECT id FROM roles WHERE org_id = $1 AND name = 'owner')
      WHERE id = $2`,
    [ctx.org.id, memberId],
  );
  return signIn(ctx.t, ctx.org.id, memberId);
}

/** `/auth`: the session, sign-out, and the break-glass sign-in (DESIGN rule 4). */
export const AUTH_CASES: ContractCase[] = [
  {
    name: 'the signed-in caller',
    method: 'get',
    path: SESSION,
    status: 200,
    run: async (ctx) => ctx.t.http.get(SESSION).set((await signedInOwner(ctx)).headers),
    verify: (res) => expect(res.body.role.name).toBe('owner'),
  },
  {
    name: 'an API key says whom it acts for, never fresh',
    method: 'get',
    path: SESSION,
    status: 200,
    run: async (ctx) => {
      const memberId = await createMember(ctx.t, ctx.org.id, `${uniqueName('k')}@contract.test`);
      const key = await issueTestApiKey(ctx.t, ctx.org.id, memberId, { permissions: [] });
      return ctx.t.http.get(SESSION).set(key.headers);
    },
    verify: (res) => {
      expect(res.body).toMatchObject({ method: 'api_key', authenticatedAt: null, permissions: [] });
      expect(res.body.apiKey.id).toEqual(expect.any(String));
    },
  },
  {
    name: 'no session',
    method: 'get',
    path: SESSION,
    status: 401,
    run: (ctx) => ctx.t.http.get(SESSION),
  },
  {
    name: 'sign-out ends the session',
    method: 'post',
    path: LOGOUT,
    status: 204,
    run: async (ctx) => ctx.t.http.post(LOGOUT).set((await signedInOwner(ctx)).headers),
  },
  {
    name: 'sign-out with a session cookie but no CSRF header',
    method: 'post',
    path: LOGOUT,
    status: 403,
    run: async (ctx) =>
      ctx.t.http.post(LOGOUT).set('Cookie', (await signedInOwner(ctx)).headers.Cookie),
    verify: (res) => expect(res.body.error).toBe('csrf'),
  },
  {
    name: 'the break-glass owner signs in',
    method: 'post',
    path: BREAK_GLASS,
    status: 200,
    run: async (ctx) => postBreakGlass(ctx, await breakGlassBody(ctx)),
    verify: (res) => expect(res.body.method).toBe('break_glass'),
  },
  {
    name: 'a body without the password',
    method: 'post',
    path: BREAK_GLASS,
    status: 400,
    run: (ctx) => postBreakGlass(ctx, { organization: 'x', email: 'y@z', code: '123456' }),
  },
  {
    name: 'a wrong password',
    method: 'post',
    path: BREAK_GLASS,
    status: 401,
    run: async (ctx) => postBreakGlass(ctx, { ...(await breakGlassBody(ctx)), password: 'no' }),
  },
  {
    name: 'a session cookie without the CSRF header',
    method: 'post',
    path: BREAK_GLASS,
    status: 403,
    run: async (ctx) => {
      const { headers } = await signedInOwner(ctx);
      return ctx.t.http.post(BREAK_GLASS).set('Cookie', headers.Cookie).send({});
    },
  },
  {
    name: 'the right credentials from an address locked out of the account',
    method: 'post',
    path: BREAK_GLASS,
    status: 429,
    run: async (ctx) => {
      const body = await breakGlassBody(ctx);
      const ip = `198.51.100.${++addresses}`;
      for (let i = 0; i < 5; i++) await postBreakGlass(ctx, { ...body, password: 'guess' }, ip);
      return postBreakGlass(ctx, body, ip);
    },
  },
];
