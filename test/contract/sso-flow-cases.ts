import { expect } from '@jest/globals';
import type { Response } from 'supertest';

import { samlSpUrls } from '../../src/sso/saml/index.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { addBreakGlassOwner } from '../support/break-glass.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember, signIn } from '../support/sessions.js';
import { createTestOidcConnection, createTestSamlConnection } from '../support/sso-connections.js';
import { redirectOf, TesseraBrowser } from '../support/sso-flow.js';
import { PUBLIC_URL } from '../support/test-app.js';
import { uniqueName, type ContractCase, type ContractContext } from './contract-case.js';

const START = '/sso/start';
const LOGIN = '/sso/{connectionId}/login';
const ACS = '/sso/saml/{connectionId}/acs';
const METADATA = '/sso/saml/{connectionId}/metadata';
const SLO = '/sso/saml/{connectionId}/slo';
const CALLBACK = '/sso/oidc/{connectionId}/callback';
const STEP_UP = '/auth/step-up';
const LOGOUT = '/auth/logout';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const FOREIGN = encodeURIComponent('https://evil.example/steal');

interface SsoFixture {
  idp: SamlTestIdp;
  saml: SsoConnectionRecord;
  jit: SsoConnectionRecord;
  oidc: SsoConnectionRecord;
}

const fixtures = new WeakMap<ContractContext, Promise<SsoFixture>>();

/** The contract organization's SAML connections (one with JIT) and an OIDC one, made once. */
function fixtureOf(ctx: ContractContext): Promise<SsoFixture> {
  if (!fixtures.has(ctx)) {
    fixtures.set(
      ctx,
      (async () => {
        const idp = await startSamlTestIdp({ clock: ctx.t.clock });
        const saml = await createTestSamlConnection(ctx.t, ctx.org.id, idp.connectionConfig());
        // `/sso/start?org=` takes the oldest enabled connection: make it this one, not a tie
        // with the others (the fake clock would give all three one instant, ordered by uuid).
        ctx.t.clock.advance(1);
        const jit = await createTestSamlConnection(ctx.t, ctx.org.id, {
          ...idp.connectionConfig({ jitEnabled: true }),
          name: 'JIT',
        });
        const oidc = await createTestOidcConnection(ctx.t, ctx.org.id);
        return { idp, saml, jit, oidc };
      })(),
    );
  }
  return fixtures.get(ctx)!;
}

/** A member of the contract organization signed in through the SAML connection. */
async function samlSignedIn(ctx: ContractContext, role = 'member') {
  const { idp, saml } = await fixtureOf(ctx);
  const userName = `${uniqueName('sso')}@contract.test`;
  await createMember(ctx.t, ctx.org.id, userName, role);
  const browser = new TesseraBrowser(ctx.t);
  const redirectUrl = redirectOf(await browser.get(`/sso/${saml.id}/login`));
  const form = idp.respondTo(redirectUrl, { nameId: userName, sessionIndex: 'idx' });
  return { browser, res: await browser.postForm(`/sso/saml/${saml.id}/acs`, { ...form }) };
}

/** Logs in at `connection` as `nameId` and posts the answer, in a fresh browser. */
async function acsAs(ctx: ContractContext, which: 'saml' | 'jit', nameId: string) {
  const fixture = await fixtureOf(ctx);
  const connection = fixture[which];
  const browser = new TesseraBrowser(ctx.t);
  const redirectUrl = redirectOf(await browser.get(`/sso/${connection.id}/login`));
  const form = fixture.idp.respondTo(redirectUrl, { nameId });
  return browser.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
}

const withConnection = async (ctx: ContractContext, path: string, which: keyof SsoFixture) =>
  path.replace('{connectionId}', ((await fixtureOf(ctx))[which] as SsoConnectionRecord).id);

/** Posts a logout message of the contract IdP to the SAML connection's SLO URL. */
async function postLogout(
  ctx: ContractContext,
  build: (
    idp: SamlTestIdp,
    sloUrl: string,
  ) => { xml: string; field: 'SAMLRequest' | 'SAMLResponse' },
) {
  const { idp, saml } = await fixtureOf(ctx);
  const sloUrl = samlSpUrls(PUBLIC_URL, saml.id).sloUrl;
  const { xml, field } = build(idp, sloUrl);
  return ctx.t.http.post(new URL(sloUrl).pathname).type('form').send(idp.logoutForm(xml, field));
}

const pageCode = (code: string) => (res: Response) => expect(res.text).toContain(`(${code})`);

/** `/sso/…` public sign-in URLs, `POST /auth/step-up`, and SAML single logout at sign-out. */
export const SSO_FLOW_CASES: ContractCase[] = [
  {
    name: 'start by organization slug redirects to the IdP',
    method: 'get',
    path: START,
    status: 302,
    run: async (ctx) => {
      await fixtureOf(ctx);
      return ctx.t.http.get(`/sso/start?org=${ctx.org.slug}`);
    },
  },
  {
    name: 'a return_to on a foreign origin',
    method: 'get',
    path: START,
    status: 400,
    run: async (ctx) => {
      await fixtureOf(ctx);
      return ctx.t.http.get(`/sso/start?org=${ctx.org.slug}&return_to=${FOREIGN}`);
    },
    verify: pageCode('return_to_not_allowed'),
  },
  {
    name: 'an unknown organization',
    method: 'get',
    path: START,
    status: 404,
    run: (ctx) => ctx.t.http.get('/sso/start?org=no-such-org'),
    verify: pageCode('sso_unknown_organization'),
  },
  {
    name: 'start at one connection',
    method: 'get',
    path: LOGIN,
    status: 302,
    run: async (ctx) => ctx.t.http.get(await withConnection(ctx, LOGIN, 'saml')),
  },
  {
    name: 'start at one connection with a foreign return_to',
    method: 'get',
    path: LOGIN,
    status: 400,
    run: async (ctx) =>
      ctx.t.http.get(`${await withConnection(ctx, LOGIN, 'saml')}?return_to=${FOREIGN}`),
  },
  {
    name: 'start at an unknown connection',
    method: 'get',
    path: LOGIN,
    status: 404,
    run: (ctx) => ctx.t.http.get(`/sso/${NO_SUCH_ID}/login`),
  },
  {
    name: 'a signed response for a flow of this browser signs the member in',
    method: 'post',
    path: ACS,
    status: 303,
    run: async (ctx) => (await samlSignedIn(ctx)).res,
    verify: (res) => expect(String(res.headers['set-cookie'])).toContain('tessera_session='),
  },
  {
    name: "an admin's test sign-in shows the result page",
    method: 'post',
    path: ACS,
    status: 200,
    run: async (ctx) => {
      const { idp, saml } = await fixtureOf(ctx);
      const owner = await createMember(ctx.t, ctx.org.id, `${uniqueName('o')}@c.test`, 'owner');
      const browser = new TesseraBrowser(ctx.t);
      const started = browser.keep(
        await ctx.t.http
          .post(`/api/v1/orgs/${ctx.org.id}/sso/connections/${saml.id}/test`)
          .set((await signIn(ctx.t, ctx.org.id, owner)).headers),
      );
      const form = idp.respondTo(started.body.redirectUrl, { nameId: 'tested@contract.test' });
      return browser.postForm(`/sso/saml/${saml.id}/acs`, { ...form });
    },
  },
  {
    name: 'an InResponseTo no flow sent',
    method: 'post',
    path: ACS,
    status: 400,
    run: async (ctx) => {
      const { idp, saml } = await fixtureOf(ctx);
      const browser = new TesseraBrowser(ctx.t);
      const redirectUrl = redirectOf(await browser.get(`/sso/${saml.id}/login`));
      const form = idp.respondTo(redirectUrl, { nameId: 'x', inResponseTo: '_unknown' });
      return browser.postForm(`/sso/saml/${saml.id}/acs`, { ...form });
    },
    verify: pageCode('sso_flow_unknown'),
  },
  {
    name: 'a subject that is no member, without JIT',
    method: 'post',
    path: ACS,
    status: 403,
    run: (ctx) => acsAs(ctx, 'saml', `${uniqueName('nobody')}@contract.test`),
    verify: pageCode('sso_not_linked'),
  },
  {
    name: 'JIT for an address the break-glass owner holds (never linked implicitly)',
    method: 'post',
    path: ACS,
    status: 409,
    run: async (ctx) => {
      const email = `${uniqueName('root')}@contract.test`;
      await addBreakGlassOwner(ctx.t, ctx.org, email);
      return acsAs(ctx, 'jit', email);
    },
    verify: pageCode('sso_jit_conflict'),
  },
  {
    name: 'an unknown connection',
    method: 'post',
    path: ACS,
    status: 404,
    run: (ctx) =>
      ctx.t.http.post(`/sso/saml/${NO_SUCH_ID}/acs`).type('form').send({ SAMLResponse: 'x' }),
  },
  {
    name: 'a body over the size limit',
    method: 'post',
    path: ACS,
    status: 413,
    run: async (ctx) =>
      ctx.t.http
        .post(await withConnection(ctx, ACS, 'saml'))
        .type('form')
        .send({ SAMLResponse: 'A'.repeat(300 * 1024) }),
    // Under the form limit, over the SAML one: the person sees why, not a generic refusal.
    verify: pageCode('saml_too_large'),
  },
  {
    name: "the IdP's LogoutResponse after sign-out shows the signed-out page",
    method: 'post',
    path: SLO,
    status: 200,
    run: async (ctx) => {
      const logout = await (await samlSignedIn(ctx)).browser.postJson(LOGOUT);
      const { idp } = await fixtureOf(ctx);
      const inResponseTo = idp.parseRequest(logout.body.sloRedirectUrl).id;
      return postLogout(ctx, (i, sloUrl) => ({
        xml: i.buildLogoutResponse({ sloUrl, inResponseTo }),
        field: 'SAMLResponse',
      }));
    },
  },
  {
    name: "the IdP's LogoutRequest ends the sessions and is answered by redirect",
    method: 'post',
    path: SLO,
    status: 303,
    run: (ctx) =>
      postLogout(ctx, (i, sloUrl) => ({
        xml: i.buildLogoutRequest({ sloUrl, nameId: `${uniqueName('slo')}@contract.test` }),
        field: 'SAMLRequest',
      })),
  },
  {
    name: 'an unsigned LogoutRequest',
    method: 'post',
    path: SLO,
    status: 400,
    run: (ctx) =>
      postLogout(ctx, (i, sloUrl) => ({
        xml: i.buildLogoutRequest({ sloUrl, nameId: 'x@contract.test', sign: false }),
        field: 'SAMLRequest',
      })),
    verify: pageCode('saml_logout_invalid'),
  },
  {
    name: 'single logout at an unknown connection',
    method: 'post',
    path: SLO,
    status: 404,
    run: (ctx) =>
      ctx.t.http.post(`/sso/saml/${NO_SUCH_ID}/slo`).type('form').send({ SAMLRequest: 'x' }),
  },
  {
    name: 'a logout body over the size limit',
    method: 'post',
    path: SLO,
    status: 413,
    run: async (ctx) =>
      ctx.t.http
        .post(await withConnection(ctx, SLO, 'saml'))
        .type('form')
        .send({ SAMLRequest: 'A'.repeat(450 * 1024) }),
  },
  {
    name: 'SP metadata',
    method: 'get',
    path: METADATA,
    status: 200,
    run: async (ctx) => ctx.t.http.get(await withConnection(ctx, METADATA, 'saml')),
  },
  {
    name: 'the page a sign-in lands on when the organization names no application',
    method: 'get',
    path: '/sso/signed-in',
    status: 200,
    run: (ctx) => ctx.t.http.get('/sso/signed-in'),
  },
  {
    name: 'metadata of an unknown connection',
    method: 'get',
    path: METADATA,
    status: 404,
    run: (ctx) => ctx.t.http.get(`/sso/saml/${NO_SUCH_ID}/metadata`),
  },
  {
    name: 'a callback whose state no flow issued',
    method: 'get',
    path: CALLBACK,
    status: 400,
    run: async (ctx) =>
      ctx.t.http.get(`${await withConnection(ctx, CALLBACK, 'oidc')}?state=forged&code=x`),
    verify: pageCode('sso_flow_unknown'),
  },
  {
    name: 'a callback for an unknown connection',
    method: 'get',
    path: CALLBACK,
    status: 404,
    run: (ctx) => ctx.t.http.get(`/sso/oidc/${NO_SUCH_ID}/callback?state=x`),
  },
  {
    name: 'step-up of an SSO session answers the IdP URL',
    method: 'post',
    path: STEP_UP,
    status: 200,
    run: async (ctx) => (await samlSignedIn(ctx)).browser.postJson(STEP_UP),
  },
  {
    name: 'step-up with a foreign returnTo',
    method: 'post',
    path: STEP_UP,
    status: 400,
    run: async (ctx) =>
      (await samlSignedIn(ctx)).browser.postJson(STEP_UP, { returnTo: 'https://evil.example' }),
  },
  {
    name: 'step-up without a session',
    method: 'post',
    path: STEP_UP,
    status: 401,
    run: (ctx) => ctx.t.http.post(STEP_UP).send({}),
  },
  {
    name: 'step-up without the CSRF header',
    method: 'post',
    path: STEP_UP,
    status: 403,
    run: async (ctx) => {
      const { browser } = await samlSignedIn(ctx);
      return ctx.t.http.post(STEP_UP).set('Cookie', browser.cookieHeader()).send({});
    },
  },
  {
    name: 'step-up of a break-glass session',
    method: 'post',
    path: STEP_UP,
    status: 409,
    run: async (ctx) => {
      const owner = await createMember(ctx.t, ctx.org.id, `${uniqueName('bg')}@c.test`, 'owner');
      const { headers } = await signIn(ctx.t, ctx.org.id, owner, { method: 'break_glass' });
      return ctx.t.http.post(STEP_UP).set(headers).send({});
    },
    verify: (res) => expect(res.body.error).toBe('break_glass_session'),
  },
  {
    name: 'sign-out of a SAML session answers the IdP single-logout URL',
    method: 'post',
    path: LOGOUT,
    status: 200,
    run: async (ctx) => (await samlSignedIn(ctx)).browser.postJson(LOGOUT),
  },
];
