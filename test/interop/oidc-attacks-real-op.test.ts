import {
  connectOrgToOp,
  finishRpLogin,
  followOidcLogin,
  oidcDepsOf,
  startOidcOp,
  startRpLogin,
  LOOPBACK_POLICY,
  type RpLogin,
  type TestOidcOp,
} from '../support/oidc-op/index.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';
import type { OidcDeps } from '../../src/sso/oidc/index.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';

/** A callback URL with one parameter replaced (null removes it). */
function withParam(url: URL, name: string, value: string | null): URL {
  const copy = new URL(url);
  if (value === null) copy.searchParams.delete(name);
  else copy.searchParams.set(name, value);
  return copy;
}

describe('OIDC attacks against a real OP: state, nonce, PKCE, RFC 9207 iss', () => {
  let t: TestApp;
  let op: TestOidcOp;
  let deps: OidcDeps;
  let connection: SsoConnectionRecord;

  beforeAll(async () => {
    t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
    t.clock.set(new Date());
    op = await startOidcOp();
    deps = oidcDepsOf(t);
    const org = await createOrgWithScim(t, 'oidc-attacks');
    connection = await connectOrgToOp(t, op, org.id);
    op.nextLogin({ accountId: 'mallory-victim', amr: ['pwd'] });
  });

  afterAll(async () => {
    await op.close();
    await t.close();
  });

  async function loginAndCallback(): Promise<{ login: RpLogin; callback: URL }> {
    const login = await startRpLogin(deps, connection);
    return { login, callback: await followOidcLogin(login.redirectUrl) };
  }

  const refused = (login: RpLogin, callback: URL) =>
    finishRpLogin(deps, connection, login, callback);

  it('RFC 6749 §10.12: a callback without state is refused (oidc_state_mismatch)', async () => {
    const { login, callback } = await loginAndCallback();
    await expect(refused(login, withParam(callback, 'state', null))).rejects.toMatchObject({
      code: 'oidc_state_mismatch',
    });
  });

  it('RFC 6749 §10.12: a response from another browser (swapped state) is refused', async () => {
    const mine = await loginAndCallback();
    const theirs = await loginAndCallback();
    await expect(refused(mine.login, theirs.callback)).rejects.toMatchObject({
      code: 'oidc_state_mismatch',
    });
  });

  it('OIDC Core §3.1.3.7 step 11: a nonce from another flow is refused', async () => {
    const mine = await loginAndCallback();
    const other = await startRpLogin(deps, connection);
    await expect(
      refused({ ...mine.login, nonce: other.nonce }, mine.callback),
    ).rejects.toMatchObject({ code: 'oidc_nonce_mismatch' });
  });

  it('OIDC Core §3.1.2.1: a flow without a stored nonce is refused, never unchecked', async () => {
    const { login, callback } = await loginAndCallback();
    await expect(refused({ ...login, nonce: '' }, callback)).rejects.toMatchObject({
      code: 'oidc_nonce_mismatch',
    });
  });

  it('RFC 7636 §4.6: a code redeemed with another flow verifier is refused', async () => {
    const mine = await loginAndCallback();
    const other = await startRpLogin(deps, connection);
    // oidc-provider answers a bad verifier with a bare invalid_grant (it does not say why), so
    // the refusal is oidc_code_rejected; OPs that name PKCE in the description get
    // oidc_pkce_failed (see map-oidc-error.ts and the rogue OP suite).
    await expect(
      refused({ ...mine.login, codeVerifier: other.codeVerifier }, mine.callback),
    ).rejects.toMatchObject({ code: 'oidc_code_rejected' });
    // The same code with the right verifier still works: PKCE was what refused it.
    await expect(refused(mine.login, mine.callback)).resolves.toMatchObject({
      subject: 'mallory-victim',
    });
  });

  it('RFC 7636 §4.5: a flow without a verifier is refused before any token request', async () => {
    const { login, callback } = await loginAndCallback();
    await expect(refused({ ...login, codeVerifier: '' }, callback)).rejects.toMatchObject({
      code: 'oidc_pkce_failed',
    });
  });

  it('RFC 9207 §2.4: a wrong iss response parameter is refused (mix-up)', async () => {
    const { login, callback } = await loginAndCallback();
    const mixedUp = withParam(callback, 'iss', 'https://other-op.example');
    await expect(refused(login, mixedUp)).rejects.toMatchObject({ code: 'oidc_issuer_mismatch' });
  });

  it('RFC 9207 §2.4: a missing iss is refused when the OP advertises it', async () => {
    const { login, callback } = await loginAndCallback();
    await expect(refused(login, withParam(callback, 'iss', null))).rejects.toMatchObject({
      code: 'oidc_issuer_mismatch',
    });
  });

  it('RFC 6749 §4.1.2.1: an error answer from the OP is reported as oidc_idp_error', async () => {
    const login = await startRpLogin(deps, connection);
    const callback = new URL(`https://tessera.test/sso/oidc/${connection.id}/callback`);
    callback.search = new URLSearchParams({
      error: 'access_denied',
      state: login.state,
      iss: op.issuer,
    }).toString();
    await expect(refused(login, callback)).rejects.toMatchObject({
      code: 'oidc_idp_error',
      detail: { error: 'access_denied' },
    });
  });
});
