import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import selfsigned from 'selfsigned';

import { createMember, signIn } from '../support/sessions.js';
import { idpMetadataXml, makeIdpCertificate } from '../support/sso-metadata.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Hostile input to the SSO connection API: whatever an admin (or an IdP's metadata) sends, the
 * answer is a 4xx naming the problem, nothing is stored, and the organization's connections stay
 * readable afterwards.
 */
let t: TestApp;
let orgId: string;
let ownerId: string;
const cert = makeIdpCertificate('attack input', 365);

beforeAll(async () => {
  t = await startTestApp();
  orgId = (await createOrgWithScim(t, 'attack-input')).id;
  ownerId = await createMember(t, orgId, 'owner@attack-input.test', 'owner');
});
afterAll(async () => t.close());

const connections = () => `/api/v1/orgs/${orgId}/sso/connections`;
const fresh = async () => (await signIn(t, orgId, ownerId)).headers;
const count = async () =>
  (await t.db.query('SELECT count(*)::int AS n FROM sso_connections'))[0].n as number;

/**
 * A self-signed certificate valid from `notBefore` for `days` (`selfsigned` counts the days from
 * the real clock). X.509 dates run from year 0001 to 9999.
 */
function certificateValid(notBefore: Date, days: number): string {
  const generated = selfsigned.generate([{ name: 'commonName', value: 'odd dates' }], {
    days,
    notBeforeDate: notBefore,
    keySize: 1024,
    algorithm: 'sha256',
  });
  return generated.cert.trim();
}

describe('hostile SAML settings', () => {
  it('metadata whose SSO location is not a URL is 400, not 500', async () => {
    const before = await count();
    for (const location of ['not a url', 'https://', '//idp.test/sso']) {
      const metadataXml = idpMetadataXml({
        entityId: 'https://idp.attack.test',
        ssoUrl: location,
        sloUrl: 'https://idp.attack.test/slo',
        certificates: [cert],
      });
      const res = await t.http
        .post(connections())
        .set(await fresh())
        .send({ protocol: 'saml', name: 'Bad location', saml: { metadataXml } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('saml.idpSsoUrl');
    }
    expect(await count()).toBe(before);
  });

  it('a certificate whose dates cannot be read is refused, so listing never breaks', async () => {
    const odd = certificateValid(new Date('0001-01-01T00:00:00Z'), 365);
    const before = await count();
    const res = await t.http
      .post(connections())
      .set(await fresh())
      .send({
        protocol: 'saml',
        name: 'Odd certificate',
        saml: {
          idpEntityId: 'https://idp.odd.test',
          idpSsoUrl: 'https://idp.odd.test/sso',
          idpCertificates: [odd],
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('saml.idpCertificates.0');
    expect(await count()).toBe(before);

    const viaMetadata = await t.http
      .post(connections())
      .set(await fresh())
      .send({
        protocol: 'saml',
        name: 'Odd metadata',
        saml: {
          metadataXml: idpMetadataXml({
            entityId: 'https://idp.odd.test',
            ssoUrl: 'https://idp.odd.test/sso',
            certificates: [odd],
          }),
        },
      });
    expect(viaMetadata.status).toBe(400);
    expect(viaMetadata.body.error).toBe('metadata_invalid');

    const list = await t.http.get(connections()).set(await fresh());
    expect(list.status).toBe(200);
    const posture = await t.http.get(`/api/v1/orgs/${orgId}/security-posture`).set(await fresh());
    expect(posture.status).toBeLessThan(500);
  });

  it('still takes certificates valid from 1950 into the 9000s (GeneralizedTime)', async () => {
    const longLived = certificateValid(new Date('1950-01-01T00:00:00Z'), 7000 * 365);
    const res = await t.http
      .post(connections())
      .set(await fresh())
      .send({
        protocol: 'saml',
        name: 'Long lived',
        saml: {
          idpEntityId: 'https://idp.long.test',
          idpSsoUrl: 'https://idp.long.test/sso',
          idpCertificates: [longLived],
        },
      });
    expect(res.status).toBe(201);
    expect(res.body.saml.idpCertificates[0].notAfter).toMatch(/^9\d{3}-/);
  });
});
