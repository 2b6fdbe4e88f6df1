import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DEFAULT_OUTBOUND_POLICY } from '../../src/ops/outbound-http.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import {
  callbackPath,
  connectOrgToOp,
  followOidcLogin,
  startOidcOp,
  type OpLogin,
  type TestOidcOp,
} from '../support/oidc-op/index.js';
import { createMember } from '../support/sessions.js';
import { failureCodeOf, redirectOf, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

const GENERAL = { displayName: 'Acme', allowedEmailDomains: [], allowedReturnOrigins: [] };

let t: TestApp;
let op: TestOidcOp;
let org: TestOrg;
let connection: SsoConnectionRecord;

const carol: OpLogin = { accountId: 'carol-sub', email: 'carol@oidc.test', amr: ['pwd'] };

async function oidcLogin(browser: TesseraBrowser, login: OpLogin) {
  op.nextLogin(login);
  const callback = await followOidcLogin(
    redirectOf(await browser.get(`/sso/${connection.id}/login`)),
  );
  return { callback, res: await browser.get(callbackPath(callback)) };
}

const putGeneral = (browser: TesseraBrowser) =>
  browser.adminRequest('put', `/api/v1/orgs/${org.id}/settings/general`).send(GENERAL);

beforeAll(async () => {
  t = await startTestApp({
    outboundPolicy: { ...DEFAULT_OUTBOUND_POLICY, allowHttp: true, allowPrivateNetworks: true },
  });
  t.clock.set(new Date());
  op = await startOidcOp();
  org = await createOrgWithScim(t, 'acme-oidc-attack');
  connection = await connectOrgToOp(t, op, org.id);
  await createMember(t, org.id, 'carol-sub', 'owner');
});
afterAll(async () => {
  await op.close();
  await t.close();
});

describe('DESIGN rule 2: an OIDC sign-in is only as fresh as its auth_time (OIDC Core §2)', () => {
  it('a silent sign-in on a two-hour-old OP login is not fresh', async () => {
    const browser = new TesseraBrowser(t);
    const twoHoursAgo = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000);
    const { res } = await oidcLogin(browser, { ...carol, authTime: twoHoursAgo });
    expect(res.status).toBe(303);

    const session = await browser.get('/auth/session');
    expect(session.body.authenticatedAt).toBe(twoHoursAgo.toISOString());
    const denied = await putGeneral(browser);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'reauth', stepUp: '/auth/step-up' });
  });

  it('a sign-in with a fresh OP login is fresh', async () => {
    const browser = new TesseraBrowser(t);
    await oidcLogin(browser, { ...carol, authTime: new Date() });
    expect((await putGeneral(browser)).status).toBe(200);
  });
});

describe('callback query strings (RFC 6749 §4.1.2): odd shapes are a 4xx page', () => {
  it('refuses a repeated state, an oversized state and a missing one', async () => {
    const browser = new TesseraBrowser(t);
    op.nextLogin(carol);
    const callback = await followOidcLogin(
      redirectOf(await browser.get(`/sso/${connection.id}/login`)),
    );
    const state = new URL(callback).searchParams.get('state')!;
    const base = `/sso/oidc/${connection.id}/callback`;
    const paths = [
      `${callbackPath(callback)}&state=${encodeURIComponent(state)}`,
      `${base}?state=${'a'.repeat(5000)}&code=x`,
      `${base}?code=x`,
      `${base}?state=%E0%A4%A&code=%ZZ`,
    ];
    for (const path of paths) {
      const res = await browser.get(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(failureCodeOf(res)).toMatch(/^sso_flow_unknown$/);
    }
    // None of those consumed the flow: the real callback still completes once.
    expect((await browser.get(callbackPath(callback))).status).toBe(303);
  });
});
