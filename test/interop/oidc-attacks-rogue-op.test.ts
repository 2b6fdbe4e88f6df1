import { randomUUID } from 'node:crypto';

import {
  finishRpLogin,
  insertOidcConnectionRow,
  oidcDepsOf,
  startRogueOp,
  startRpLogin,
  LOOPBACK_POLICY,
  type RogueOp,
  type RogueSigning,
} from '../support/oidc-op/index.js';
import { createOrgWithScim, PUBLIC_URL, startTestApp, type TestApp } from '../support/test-app.js';
import { discoverOidcIssuer, type OidcDeps } from '../../src/sso/oidc/index.js';
import type { OidcConnectionConfig, SsoConnectionRecord } from '../../src/sso/sso-types.js';

const CLIENT_ID = 'tessera-client';
const TENANT_A = '11111111-2222-3333-4444-555555555555';
const TENANT_B = '99999999-8888-7777-6666-555555555555';

describe('OIDC Core §3.1.3.7 ID token validation against a rogue OP (crafted tokens)', () => {
  let t: TestApp;
  let deps: OidcDeps;
  let orgId: string;
  const peers: RogueOp[] = [];

  beforeAll(async () => {
    t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
    deps = oidcDepsOf(t);
    orgId = (await createOrgWithScim(t, 'oidc-rogue')).id;
  });

  afterAll(async () => {
    await Promise.all(peers.map((peer) => peer.close()));
    await t.close();
  });

  async function connect(
    options: Parameters<typeof startRogueOp>[0] = {},
    config: Partial<OidcConnectionConfig> = {},
  ): Promise<{ rogue: RogueOp; connection: SsoConnectionRecord }> {
    const rogue = await startRogueOp(options);
    peers.push(rogue);
    const connection = await insertOidcConnectionRow(t, orgId, {
      issuer: rogue.issuer,
      clientId: CLIENT_ID,
      clientSecret: 'rogue-secret',
      config,
    });
    return { rogue, connection };
  }

  /** Runs a login whose token response carries the token the test crafts from the nonce. */
  async function loginWith(
    rogue: RogueOp,
    connection: SsoConnectionRecord,
    craft: (nonce: string) => Record<string, unknown>,
    signing: RogueSigning = 'valid',
    iss: string = rogue.issuer,
  ) {
    const login = await startRpLogin(deps, connection);
    rogue.respondWith(await rogue.sign(craft(login.nonce), signing));
    const callback = new URL(`${PUBLIC_URL}/sso/oidc/${connection.id}/callback`);
    callback.search = new URLSearchParams({
      code: randomUUID(),
      state: login.state,
      iss,
    }).toString();
    return finishRpLogin(deps, connection, login, callback);
  }

  const valid =
    (rogue: RogueOp, extra: Record<string, unknown> = {}) =>
    (nonce: string) =>
      rogue.claims({ clientId: CLIENT_ID, nonce, now: t.clock.now(), ...extra });

  it('accepts a well-formed token (the control for every attack below)', async () => {
    const { rogue, connection } = await connect();
    const identity = await loginWith(
      rogue,
      connection,
      valid(rogue, { email: 'eve@rogue.test', email_verified: true }),
    );
    expect(identity).toMatchObject({ subject: 'rogue-subject', email: 'eve@rogue.test' });
    const [request] = rogue.tokenRequests;
    expect(request!.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(request!.get('redirect_uri')).toBe(`${PUBLIC_URL}/sso/oidc/${connection.id}/callback`);
  });

  it('RFC 7518 §3.6: alg none is refused even when the OP advertises it', async () => {
    const { rogue, connection } = await connect({ advertisedAlgs: ['RS256', 'none'] });
    await expect(loginWith(rogue, connection, valid(rogue), 'none')).rejects.toMatchObject({
      code: 'oidc_alg_refused',
    });
  });

  it('RFC 8725 §2.1: HS256 keyed with the public key is refused even when advertised', async () => {
    const { rogue, connection } = await connect({ advertisedAlgs: ['RS256', 'HS256'] });
    const attempt = loginWith(rogue, connection, valid(rogue), 'hs256-public-key');
    await expect(attempt).rejects.toMatchObject({ code: 'oidc_alg_refused' });
  });

  it('an OP advertising only symmetric algorithms is refused at login', async () => {
    const { connection } = await connect({ advertisedAlgs: ['HS256'] });
    await expect(startRpLogin(deps, connection)).rejects.toMatchObject({
      code: 'oidc_alg_refused',
    });
  });

  it('OIDC Core §3.1.3.7 step 6: a key the OP never published is refused', async () => {
    const { rogue, connection } = await connect();
    const attempt = loginWith(rogue, connection, valid(rogue), 'foreign-key');
    await expect(attempt).rejects.toMatchObject({ code: 'oidc_signature_invalid' });
  });

  it('OIDC Core §3.1.3.7 step 2: a token from another issuer is refused', async () => {
    const { rogue, connection } = await connect();
    const attempt = loginWith(rogue, connection, valid(rogue, { iss: 'https://idp.example' }));
    await expect(attempt).rejects.toMatchObject({ code: 'oidc_issuer_mismatch' });
  });

  it('OIDC Core §3.1.3.7 step 3: a token for another client is refused', async () => {
    const { rogue, connection } = await connect();
    const attempt = loginWith(rogue, connection, valid(rogue, { aud: 'someone-else' }));
    await expect(attempt).rejects.toMatchObject({ code: 'oidc_audience_mismatch' });
  });

  it('OIDC Core §3.1.3.7 steps 4-5: several audiences with a foreign azp are refused', async () => {
    const { rogue, connection } = await connect();
    const claims = { aud: [CLIENT_ID, 'someone-else'], azp: 'someone-else' };
    await expect(loginWith(rogue, connection, valid(rogue, claims))).rejects.toMatchObject({
      code: 'oidc_audience_mismatch',
    });
  });

  it('OIDC Core §3.1.3.7 step 9: an expired token is refused (Tessera clock)', async () => {
    const { rogue, connection } = await connect();
    const issuedAt = t.clock.now();
    // The member lingered at the IdP: Tessera's clock is past exp (and its tolerance).
    t.clock.advance(5 * 60_000);
    const login = loginWith(rogue, connection, (nonce) => ({
      ...rogue.claims({ clientId: CLIENT_ID, nonce, now: issuedAt }),
      exp: Math.floor(issuedAt.getTime() / 1000) + 60,
    }));
    await expect(login).rejects.toMatchObject({ code: 'oidc_token_expired' });
  });

  it('OIDC Core §3.1.3.7 step 11: a token without nonce is refused', async () => {
    const { rogue, connection } = await connect();
    const attempt = loginWith(rogue, connection, valid(rogue, { nonce: undefined }));
    await expect(attempt).rejects.toMatchObject({ code: 'oidc_nonce_mismatch' });
  });

  it('RFC 9207 §2.4: a foreign callback iss is refused before the code is used', async () => {
    const { rogue, connection } = await connect();
    const attempt = loginWith(rogue, connection, valid(rogue), 'valid', 'https://idp.example');
    await expect(attempt).rejects.toMatchObject({ code: 'oidc_issuer_mismatch' });
    expect(rogue.tokenRequests).toHaveLength(0);
  });

  it('RFC 7636 §4.6: an OP naming a PKCE failure gives oidc_pkce_failed', async () => {
    const { rogue, connection } = await connect();
    rogue.refuseWith({ error: 'invalid_grant', error_description: 'PKCE verification failed' });
    const login = await startRpLogin(deps, connection);
    const callback = new URL(`${PUBLIC_URL}/sso/oidc/${connection.id}/callback`);
    callback.search = new URLSearchParams({
      code: 'c',
      state: login.state,
      iss: rogue.issuer,
    }).toString();
    await expect(finishRpLogin(deps, connection, login, callback)).rejects.toMatchObject({
      code: 'oidc_pkce_failed',
    });
  });

  it('OIDC Discovery §4.3: a discovery document naming another issuer is refused', async () => {
    const rogue = await startRogueOp();
    peers.push(rogue);
    const elsewhere = `${rogue.issuer}/tenant-x`;
    await expect(discoverOidcIssuer(deps, elsewhere)).rejects.toMatchObject({
      code: 'oidc_discovery_failed',
    });
  });

  describe('Entra ID multi-tenant issuer ({tenantid} template)', () => {
    const entra = () => connect({ entraTemplate: true }, { allowedTenantIds: [TENANT_A] });

    it('accepts a listed tenant whose token iss is the template with its tid', async () => {
      const { rogue, connection } = await entra();
      const claims = { iss: rogue.tenantIssuer(TENANT_A), tid: TENANT_A };
      const identity = await loginWith(
        rogue,
        connection,
        valid(rogue, claims),
        'valid',
        rogue.tenantIssuer(TENANT_A),
      );
      expect(identity.attributes.tid).toEqual([TENANT_A]);
    });

    it('refuses a tenant the connection does not list (oidc_tenant_refused)', async () => {
      const { rogue, connection } = await entra();
      const claims = { iss: rogue.tenantIssuer(TENANT_B), tid: TENANT_B };
      const attempt = loginWith(
        rogue,
        connection,
        valid(rogue, claims),
        'valid',
        rogue.tenantIssuer(TENANT_B),
      );
      await expect(attempt).rejects.toMatchObject({ code: 'oidc_tenant_refused' });
    });

    it('refuses a listed tid carried by a token issued for another tenant', async () => {
      const { rogue, connection } = await entra();
      const claims = { iss: rogue.tenantIssuer(TENANT_B), tid: TENANT_A };
      const attempt = loginWith(
        rogue,
        connection,
        valid(rogue, claims),
        'valid',
        rogue.tenantIssuer(TENANT_A),
      );
      await expect(attempt).rejects.toMatchObject({ code: 'oidc_issuer_mismatch' });
    });

    it('refuses a forged signature even for a listed tenant', async () => {
      const { rogue, connection } = await entra();
      const claims = { iss: rogue.tenantIssuer(TENANT_A), tid: TENANT_A };
      const attempt = loginWith(
        rogue,
        connection,
        valid(rogue, claims),
        'foreign-key',
        rogue.tenantIssuer(TENANT_A),
      );
      await expect(attempt).rejects.toMatchObject({ code: 'oidc_signature_invalid' });
    });
  });
});
