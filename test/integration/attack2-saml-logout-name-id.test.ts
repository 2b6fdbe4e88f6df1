import { inflateRawSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { samlLogin, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

/**
 * Core §3.7.1: the LogoutRequest names the principal by the NameID of the assertion, Format
 * included — IdPs (ADFS, Shibboleth, Keycloak) look the session up by both. A request that says
 * `unspecified` for a `persistent` NameID leaves the IdP session alive while the person believes
 * they signed out everywhere.
 */
let t: TestApp;
let idp: SamlTestIdp;
let org: TestOrg;
let connection: SsoConnectionRecord;

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'acme-attack2-slo-format');
  connection = await createTestSamlConnection(t, org.id, idp.connectionConfig());
});
afterAll(() => t.close());

/** The LogoutRequest XML inside an HTTP-Redirect URL (Bindings §3.4.4.1: DEFLATE, base64). */
function logoutRequestOf(url: string): string {
  const encoded = new URL(url).searchParams.get('SAMLRequest')!;
  return inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
}

describe('sign-out sends the IdP the NameID it asserted (Core §3.7.1)', () => {
  it('keeps the persistent Format of the sign-in in the LogoutRequest', async () => {
    await createMember(t, org.id, 'pers@acme.test');
    const browser = new TesseraBrowser(t);
    const acs = await samlLogin(browser, idp, `/sso/${connection.id}/login`, {
      nameId: 'pers@acme.test',
      nameIdFormat: PERSISTENT,
      sessionIndex: 'idx-pers',
    });
    expect(acs.status).toBe(303);

    const res = await browser.postJson('/auth/logout');

    expect(res.status).toBe(200);
    const xml = logoutRequestOf(res.body.sloRedirectUrl);
    expect(xml).toMatch(new RegExp(`<saml:NameID[^>]*Format="${PERSISTENT}"[^>]*>pers@acme.test<`));
    expect(xml).toContain('idx-pers');
  });
});
