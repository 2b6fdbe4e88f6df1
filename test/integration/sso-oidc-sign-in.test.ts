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
import { createMember, signIn } from '../support/sessions.js';
import {
  auditActions,
  failureCodeOf,
  redirectOf,
  setOrgSecurity,
  TesseraBrowser,
} from '../support/sso-flow.js';
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

const alice: OpLogin = { accountId: 'alice-sub', email: 'alice@oidc.test', amr: ['pwd'] };

/** One whole login in `browser`: Tessera → OP (as `login`) → Tessera's callback. */
async function oidcLogin(
  browser: TesseraBrowser,
  login: OpLogin,
  start = `/sso/start?org=${org.slug}`,
) {
  op.nextLogin(login);
  const authorizationUrl = redirectOf(await browser.get(start));
  const callback = await followOidcLogin(authorizationUrl);
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
  org = await createOrgWithScim(t, 'acme-oidc');
  connection = await connectOrgToOp(t, op, org.id);
  await createMember(t, org.id, 'alice-sub', 'owner');
});
afterAll(async () => {
  await op.close();
  await t.close();
});

describe('OIDC authorization code flow with PKCE against oidc-provider', () => {
  it('signs a member in: start → OP → callback → session → a privileged call', async () => {
    const browser = new TesseraBrowser(t);
    const { res } = await oidcLogin(browser, alice);

    expect(res.status).toBe(303);
    const session = await browser.get('/auth/session');
    expect(session.body).toMatchObject({ method: 'sso_oidc', role: { name: 'owner' } });
    expect((await putGeneral(browser)).status).toBe(200);
    expect(op.authorizationRequests.at(-1)).toMatchObject({ code_challenge_method: 'S256' });
  });

  it('refuses a callback replayed into another browser, or again in the same one', async () => {
    const victim = new TesseraBrowser(t);
    op.nextLogin(alice);
    const callback = await followOidcLogin(
      redirectOf(await victim.get(`/sso/${connection.id}/login`)),
    );
    const attacker = new TesseraBrowser(t);
    await attacker.get(`/sso/start?org=${org.slug}`);

    const stolen = await attacker.get(callbackPath(callback));
    expect(failureCodeOf(stolen)).toBe('sso_flow_other_browser');
    expect((await victim.get(callbackPath(callback))).status).toBe(303);
    const replay = await victim.get(callbackPath(callback));
    expect(failureCodeOf(replay)).toBe('sso_flow_unknown');
  });
});

describe('MFA required (DESIGN rule 5) with RFC 8176 amr evidence', () => {
  it('refuses a password-only login with an audit event and accepts amr mfa', async () => {
    await setOrgSecurity(t, org.id, { mfaRequired: true });
    try {
      const refused = await oidcLogin(new TesseraBrowser(t), alice);
      expect(refused.res.status).toBe(403);
      expect(failureCodeOf(refused.res)).toBe('mfa_required');
      const refusals = await auditActions(t, org.id, 'member.sso.sign_in_refused');
      expect(refusals.at(-1).payload).toMatchObject({ code: 'mfa_required', amr: 'pwd' });

      const accepted = await oidcLogin(new TesseraBrowser(t), { ...alice, amr: ['pwd', 'otp'] });
      expect(accepted.res.status).toBe(303);
    } finally {
      await setOrgSecurity(t, org.id, { mfaRequired: false });
    }
  });
});

describe('step-up (DESIGN rule 2): POST /auth/step-up renews authenticatedAt', () => {
  async function staleSession() {
    const browser = new TesseraBrowser(t);
    await oidcLogin(browser, alice);
    await t.db.query(
      `UPDATE sessions SET authenticated_at = authenticated_at - interval '16 minutes'
        WHERE member_id = (SELECT id FROM members WHERE user_name = 'alice-sub')`,
    );
    const denied = await putGeneral(browser);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'reauth', stepUp: '/auth/step-up' });
    return browser;
  }

  it('forces re-authentication at the OP, then the privileged call succeeds', async () => {
    const browser = await staleSession();
    const stepUp = await browser.postJson('/auth/step-up');
    expect(stepUp.status).toBe(200);
    op.nextLogin({ ...alice, authTime: new Date() });
    const callback = await followOidcLogin(stepUp.body.redirectUrl);
    const asked = new URL(stepUp.body.redirectUrl).searchParams;
    expect([asked.get('prompt'), asked.get('max_age')]).toEqual(['login', '0']);
    expect(op.authorizationRequests.at(-1)).toMatchObject({ prompt: 'login' });

    expect((await browser.get(callbackPath(callback))).status).toBe(303);
    expect((await putGeneral(browser)).status).toBe(200);
    expect(await auditActions(t, org.id, 'member.sso.stepped_up')).not.toHaveLength(0);
  });

  it('refuses a stale auth_time, and the session stays stale', async () => {
    const browser = await staleSession();
    const stepUp = await browser.postJson('/auth/step-up');
    op.nextLogin({ ...alice, authTime: new Date(Date.now() - 10 * 60_000) });
    const callback = await followOidcLogin(stepUp.body.redirectUrl);

    const res = await browser.get(callbackPath(callback));
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('oidc_stale_auth_time');
    expect((await putGeneral(browser)).status).toBe(403);
  });

  it('refuses a step-up as another person', async () => {
    await createMember(t, org.id, 'bob-sub');
    const browser = await staleSession();
    const stepUp = await browser.postJson('/auth/step-up');
    op.nextLogin({ accountId: 'bob-sub', amr: ['pwd'], authTime: new Date() });
    const res = await browser.get(callbackPath(await followOidcLogin(stepUp.body.redirectUrl)));
    expect(failureCodeOf(res)).toBe('step_up_identity_mismatch');
    expect((await putGeneral(browser)).status).toBe(403);
  });

  it('tells a break-glass session to sign in again with break-glass (409)', async () => {
    const ownerId = await createMember(t, org.id, 'root@oidc.test', 'owner');
    const { headers } = await signIn(t, org.id, ownerId, { method: 'break_glass' });
    const res = await t.http.post('/auth/step-up').set(headers).send({});
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('break_glass_session');
    expect(res.body.message).toContain('break-glass');
  });

  it('needs the CSRF header like every cookie-authenticated write', async () => {
    const browser = new TesseraBrowser(t);
    await oidcLogin(browser, alice);
    const res = await t.http.post('/auth/step-up').set('Cookie', browser.cookieHeader()).send({});
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('csrf');
  });
});
