import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember } from '../support/sessions.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { ASSERTION_XPATH, signSamlElement } from '../support/saml-idp/sign-saml-xml.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import {
  failureCodeOf,
  redirectOf,
  samlLogin,
  setReturnOrigins,
  TesseraBrowser,
} from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';

const GENERAL = { displayName: 'Acme', allowedEmailDomains: [], allowedReturnOrigins: [] };

let t: TestApp;
let idp: SamlTestIdp;
let org: TestOrg;
let connection: SsoConnectionRecord;

const putGeneral = (browser: TesseraBrowser) =>
  browser.adminRequest('put', `/api/v1/orgs/${org.id}/settings/general`).send(GENERAL);

/** A response the IdP answers `redirectUrl` with, edited as raw XML, then signed by the IdP. */
function signedAnswer(redirectUrl: string, nameId: string, edit: (xml: string) => string) {
  const request = idp.parseRequest(redirectUrl);
  const xml = idp.buildResponse({
    sp: { entityId: request.issuer, acsUrl: request.acsUrl ?? '' },
    inResponseTo: request.id,
    nameId,
    sign: 'none',
  });
  const signed = signSamlElement(edit(xml), ASSERTION_XPATH, {
    ...idp.keys,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  });
  return idp.postForm(signed, request.relayState);
}

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'acme-saml-attack');
  connection = await createTestSamlConnection(t, org.id, idp.connectionConfig());
  await setReturnOrigins(t, org.id, ['https://app.acme.test']);
});
afterAll(() => t.close());

describe('DESIGN rule 2: a sign-in is only as fresh as the IdP authentication behind it', () => {
  it('an SSO session on an hours-old IdP login (AuthnInstant) is not fresh', async () => {
    await createMember(t, org.id, 'silent@acme.test', 'owner');
    const browser = new TesseraBrowser(t);
    const twoHoursAgo = new Date(t.clock.now().getTime() - 2 * 3_600_000);

    const acs = await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, {
      nameId: 'silent@acme.test',
      authnInstant: twoHoursAgo,
    });
    expect(acs.status).toBe(303);
    const session = await browser.get('/auth/session');
    expect(session.body.authenticatedAt).toBe(twoHoursAgo.toISOString());

    const denied = await putGeneral(browser);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'reauth', stepUp: '/auth/step-up' });
  });

  it('a fresh IdP login still gives a fresh session', async () => {
    await createMember(t, org.id, 'fresh@acme.test', 'owner');
    const browser = new TesseraBrowser(t);
    await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, { nameId: 'fresh@acme.test' });
    expect((await putGeneral(browser)).status).toBe(200);
  });

  it('refuses a step-up whose AuthnInstant is not an xs:dateTime (Core §1.3.3)', async () => {
    await createMember(t, org.id, 'garbled@acme.test', 'owner');
    const browser = new TesseraBrowser(t);
    await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, { nameId: 'garbled@acme.test' });
    t.clock.advance(16 * 60_000);
    const stepUp = await browser.postJson('/auth/step-up');
    const form = signedAnswer(stepUp.body.redirectUrl, 'garbled@acme.test', (xml) =>
      xml.replace(/AuthnInstant="[^"]*"/, 'AuthnInstant="not-a-time"'),
    );

    const res = await browser.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_malformed');
    expect((await putGeneral(browser)).status).toBe(403);
  });
});

describe('ACS robustness: anonymous input is a 4xx page, never a 5xx', () => {
  const acsPath = () => `/sso/saml/${connection.id}/acs`;

  it('refuses a deeply nested document without exhausting the stack', async () => {
    const depth = 20_000;
    const xml =
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">' +
      `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</samlp:Response>`;
    const res = await new TesseraBrowser(t).postForm(acsPath(), idp.postForm(xml) as never);
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_malformed');
  });

  it('refuses too many form fields, a JSON body and a repeated SAMLResponse', async () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x']));
    const tooMany = await new TesseraBrowser(t).postForm(acsPath(), many);
    const json = await t.http.post(acsPath()).send({ SAMLResponse: 'PHg+' });
    const twice = await t.http
      .post(acsPath())
      .type('form')
      .send('SAMLResponse=PHg%2B&SAMLResponse=PHg%2B');
    for (const res of [tooMany, json, twice]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });
});

describe('return_to (OWASP ASVS V5.1.5): no open redirect in any spelling', () => {
  it.each([
    '//evil.test/x',
    '/\\evil.test/x',
    'https://app.acme.test@evil.test/',
    'https://app.acme.test.evil.test/',
    'http://app.acme.test/',
    'https:evil.test',
    'javascript:alert(1)',
    '/\t/evil.test',
    'https://app.acme.test:8443/',
  ])('refuses %j', async (returnTo) => {
    const res = await new TesseraBrowser(t).get(
      `/sso/start?org=${org.slug}&return_to=${encodeURIComponent(returnTo)}`,
    );
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('return_to_not_allowed');
  });

  it('accepts the default port spelled out, and a local path', async () => {
    await setReturnOrigins(t, org.id, ['https://app.acme.test']);
    for (const returnTo of ['https://app.acme.test:443/a', '/projects?x=1']) {
      const res = await new TesseraBrowser(t).get(
        `/sso/start?org=${org.slug}&return_to=${encodeURIComponent(returnTo)}`,
      );
      expect(redirectOf(res)).toMatch(/^https:\/\/idp-/);
    }
  });
});

describe('login CSRF: the browser binding cannot be planted from a sibling host', () => {
  it('is a __Host- cookie: Secure, Path=/, no Domain (RFC 6265bis §4.1.3.2)', async () => {
    const res = await t.http.get(`/sso/start?org=${org.slug}`);

    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('__Host-tessera_sso_browser='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=None/i);
    expect(cookie).not.toMatch(/; Domain=/i);
  });
});
