import {
  CookieJar,
  connectOrgToOp,
  finishRpLogin,
  followOidcLogin,
  oidcDepsOf,
  startOidcOp,
  startRpLogin,
  LOOPBACK_POLICY,
  type TestOidcOp,
} from '../support/oidc-op/index.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';
import type { OidcDeps } from '../../src/sso/oidc/index.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';

const MFA_ACR = 'urn:okta:loa:2fa:any';

describe('OIDC Core 1.0 §3.1 code flow against oidc-provider (real OP)', () => {
  let t: TestApp;
  let op: TestOidcOp;
  let deps: OidcDeps;
  let connection: SsoConnectionRecord;

  beforeAll(async () => {
    t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
    // oidc-provider stamps tokens with the real clock; Tessera judges them with t.clock.
    t.clock.set(new Date());
    op = await startOidcOp();
    deps = oidcDepsOf(t);
    const org = await createOrgWithScim(t, 'oidc-login');
    connection = await connectOrgToOp(t, op, org.id, { requestAcrValues: [MFA_ACR] });
  });

  afterAll(async () => {
    await op.close();
    await t.close();
  });

  beforeEach(() => {
    op.nextLogin({
      accountId: 'alice-sub',
      email: 'alice@example.test',
      givenName: 'Alice',
      familyName: 'Liddell',
      groups: ['engineering', 'admins'],
      amr: ['pwd', 'mfa'],
      acr: MFA_ACR,
    });
  });

  it('signs in: identity has sub, mapped claims, amr, acr and auth_time', async () => {
    const login = await startRpLogin(deps, connection);
    const callback = await followOidcLogin(login.redirectUrl);
    const identity = await finishRpLogin(deps, connection, login, callback);

    expect(identity).toMatchObject({
      protocol: 'oidc',
      subject: 'alice-sub',
      email: 'alice@example.test',
      givenName: 'Alice',
      familyName: 'Liddell',
      groups: ['engineering', 'admins'],
      amr: ['pwd', 'mfa'],
      acr: [MFA_ACR],
      samlNameId: null,
    });
    expect(identity.attributes.email).toEqual(['alice@example.test']);
    expect(identity.authenticatedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('sends PKCE S256, state, nonce, and no prompt or acr_values on a plain sign-in', async () => {
    const login = await startRpLogin(deps, connection);
    await followOidcLogin(login.redirectUrl);
    const request = op.authorizationRequests.at(-1)!;

    expect(request).toMatchObject({ code_challenge_method: 'S256', nonce: login.nonce });
    expect(request.state).toBe(login.state);
    expect(request.prompt).toBeUndefined();
    expect(request.acr_values).toBeUndefined();
    expect(new URL(login.redirectUrl).searchParams.get('redirect_uri')).toBe(
      `https://tessera.test/sso/oidc/${connection.id}/callback`,
    );
  });

  it('asks for the configured acr_values when the organization requires MFA', async () => {
    const login = await startRpLogin(deps, connection, { requestMfa: true });
    await followOidcLogin(login.redirectUrl);
    expect(op.authorizationRequests.at(-1)!.acr_values).toBe(MFA_ACR);
  });

  it('step-up sends prompt=login and max_age=0 and accepts a fresh auth_time', async () => {
    const jar = new CookieJar();
    await followOidcLogin((await startRpLogin(deps, connection)).redirectUrl, { jar });
    const login = await startRpLogin(deps, connection, { forceAuthn: true });
    op.nextLogin({ accountId: 'alice-sub', amr: ['pwd', 'mfa'], authTime: new Date() });
    const callback = await followOidcLogin(login.redirectUrl, { jar });
    const identity = await finishRpLogin(deps, connection, login, callback);

    const url = new URL(login.redirectUrl);
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('max_age')).toBe('0');
    expect(identity.authenticatedAt!.getTime()).toBeGreaterThanOrEqual(
      login.startedAt.getTime() - 30_000,
    );
  });

  it('refuses a step-up whose auth_time predates the step-up', async () => {
    const login = await startRpLogin(deps, connection, { forceAuthn: true });
    op.nextLogin({ accountId: 'alice-sub', authTime: new Date(Date.now() - 3600_000) });
    const callback = await followOidcLogin(login.redirectUrl);
    await expect(finishRpLogin(deps, connection, login, callback)).rejects.toMatchObject({
      code: 'oidc_stale_auth_time',
    });
  });

  it('refuses a code redeemed twice (RFC 6749 §4.1.2: codes are single use)', async () => {
    const login = await startRpLogin(deps, connection);
    const callback = await followOidcLogin(login.redirectUrl);
    await finishRpLogin(deps, connection, login, callback);
    await expect(finishRpLogin(deps, connection, login, callback)).rejects.toMatchObject({
      code: 'oidc_code_rejected',
    });
  });

  it('signs in with client_secret_post too', async () => {
    const org = await createOrgWithScim(t, 'oidc-post');
    const post = await connectOrgToOp(t, op, org.id, {
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    const login = await startRpLogin(deps, post);
    const identity = await finishRpLogin(
      deps,
      post,
      login,
      await followOidcLogin(login.redirectUrl),
    );
    expect(identity.subject).toBe('alice-sub');
  });
});
