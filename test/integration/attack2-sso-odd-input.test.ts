import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { samlSpUrls } from '../../src/sso/saml/index.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember, signIn } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { failureCodeOf, redirectOf, samlLogin, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  PUBLIC_URL,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/**
 * Odd but well-signed messages from the IdP, and odd client input on the public SSO URLs and the
 * event replay: each answer is a 4xx a person or a script can act on, never a 500 (STYLE 7).
 */
let t: TestApp;
let idp: SamlTestIdp;
let org: TestOrg;
let connection: SsoConnectionRecord;

/** Random text, so no compression makes it small: the size an index entry really has. */
const noise = (chars: number) => randomBytes(chars).toString('base64url').slice(0, chars);
const sloPath = () => new URL(samlSpUrls(PUBLIC_URL, connection.id).sloUrl).pathname;

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'acme-attack2-odd');
  connection = await createTestSamlConnection(t, org.id, idp.connectionConfig());
});
afterAll(() => t.close());

describe('signed IdP messages with oversized ids (Core §1.3.4 sets no xs:ID length)', () => {
  it('a signed LogoutRequest with an 8 000-character ID is a 4xx page', async () => {
    const xml = idp.buildLogoutRequest({
      sloUrl: samlSpUrls(PUBLIC_URL, connection.id).sloUrl,
      id: `_${noise(8000)}`,
      nameId: 'someone@acme.test',
    });
    const res = await t.http.post(sloPath()).type('form').send(idp.logoutForm(xml, 'SAMLRequest'));
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_malformed');
  });

  it('a signed assertion with an 8 000-character ID is a 4xx page', async () => {
    await createMember(t, org.id, 'long-id@acme.test');
    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/${connection.id}/login`, {
      nameId: 'long-id@acme.test',
      assertionId: `_${noise(8000)}`,
    });
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_malformed');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/tessera_session=[^;]/);
  });

  it('a signed NameID of 8 000 characters is a 4xx page (Core §8.3.7: at most 256)', async () => {
    const member = await createMember(t, org.id, 'long-sub@acme.test');
    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/${connection.id}/login`, {
      nameId: noise(8000),
      attributes: { email: ['long-sub@acme.test'] },
    });
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_malformed');
    const links = await t.db.query('SELECT 1 FROM sso_identities WHERE member_id = $1', [member]);
    expect(links).toHaveLength(0);
  });

  it('a normal sign-in still works', async () => {
    await createMember(t, org.id, 'plain@acme.test');
    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/${connection.id}/login`, {
      nameId: 'plain@acme.test',
    });
    expect(res.status).toBe(303);
  });
});

describe('odd client input on /sso and the event replay', () => {
  it('answers 4xx to odd start, callback and replay parameters', async () => {
    const admin = await createMember(t, org.id, 'odd-admin@acme.test', 'admin');
    const { headers } = await signIn(t, org.id, admin);
    const probes = [
      t.http.get(`/sso/start?org=${'x'.repeat(10_000)}`),
      t.http.get(`/sso/start?email=${encodeURIComponent('\u0000@\u0000')}`),
      t.http.get(`/sso/start?org=${org.slug}&return_to=${encodeURIComponent('/\u0000')}`),
      t.http.get(`/sso/oidc/${connection.id}/callback?state=x`),
      t.http.get(`/api/v1/orgs/${org.id}/events?after=%00`).set(headers),
      t.http.get(`/api/v1/orgs/${org.id}/events?limit=1e400`).set(headers),
    ];
    for (const res of await Promise.all(probes)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // And a start that works, for contrast.
    redirectOf(await t.http.get(`/sso/start?org=${org.slug}`));
  });
});
