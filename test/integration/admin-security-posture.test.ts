import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { resetBreakGlass } from '../support/break-glass.js';
import { createMember, signIn } from '../support/sessions.js';
import { FakeClock } from '../support/fake-clock.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { certificateNotAfter, makeIdpCertificate } from '../support/sso-metadata.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/** `GET security-posture`: what an owner should fix, judged with the injected clock. */
const DAY_MS = 24 * 60 * 60 * 1000;
const SECURITY = {
  ssoEnforced: false,
  mfaRequired: true,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 8,
};

let t: TestApp;
let org: TestOrg;
let ownerId: string;
let adminId: string;
let memberId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'settings');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
  adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
  memberId = await createMember(t, org.id, 'member@example.com');
});
afterAll(() => t.close());

const url = (path: string, orgId = org.id) => `/api/v1/orgs/${orgId}/${path}`;

async function put(who: string, section: string, body: unknown, orgId = org.id) {
  const { headers } = await signIn(t, orgId, who);
  return t.http
    .put(url(`settings/${section}`, orgId))
    .set(headers)
    .send(body as object);
}

async function newOrg(slug: string) {
  const created = await createOrgWithScim(t, slug);
  return { org: created, owner: await createMember(t, created.id, `owner@${slug}.test`, 'owner') };
}

async function addSsoConnection(orgId: string, enabled: boolean) {
  await t.db.query(
    `INSERT INTO sso_connections (org_id, protocol, name, enabled) VALUES ($1, 'oidc', 'IdP', $2)`,
    [orgId, enabled],
  );
}

describe('GET security-posture', () => {
  it('needs security_configuration.manage: admin is 403, a plain member too', async () => {
    for (const who of [adminId, memberId]) {
      const { headers } = await signIn(t, org.id, who);
      const res = await t.http.get(url('security-posture')).set(headers);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
  });

  it('warns about a lone owner, stale directories and keys about to expire', async () => {
    const { org: target, owner } = await newOrg('posture');
    const read = async () => {
      const { headers } = await signIn(t, target.id, owner);
      const res = await t.http.get(url('security-posture', target.id)).set(headers);
      expect(res.status).toBe(200);
      return res.body;
    };
    const first = await read();
    expect(first.owners).toEqual({ count: 1, warning: expect.stringMatching(/second owner/) });
    expect(first.scimConnections).toEqual([
      { id: target.connectionId, name: 'Test IdP', lastUsedAt: null, stale: false },
    ]);
    expect(first.warnings.map((w: { code: string }) => w.code)).toEqual([
      'too_few_owners',
      'no_break_glass_owner',
      'sso_not_enforced',
      'mfa_not_required',
    ]);

    const soon = await issueTestApiKey(t, target.id, owner, { name: 'soon', expiresInDays: 40 });
    await issueTestApiKey(t, target.id, owner, { name: 'later', expiresInDays: 60 });
    const revoked = await issueTestApiKey(t, target.id, owner, { expiresInDays: 35 });
    await t.db.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1', [
      revoked.id,
      t.clock.now(),
    ]);
    await issueTestApiKey(t, target.id, owner, { expiresInDays: 30 });
    await createMember(t, target.id, 'second@posture.test', 'owner');
    const suspended = await createMember(t, target.id, 'gone@posture.test', 'owner');
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [suspended]);

    // 31 days on: the directory was never used, one key expired, "soon" has 9 days left.
    t.clock.advance(31 * DAY_MS);
    const later = await read();
    expect(later.owners).toEqual({ count: 2 });
    expect(later.scimConnections[0].stale).toBe(true);
    expect(later.apiKeysNearExpiry).toEqual([
      {
        id: soon.id,
        name: 'soon',
        memberId: owner,
        expiresAt: new Date(t.clock.now().getTime() + 9 * DAY_MS).toISOString(),
      },
    ]);
    const codes = later.warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining(['scim_connection_stale', 'api_keys_near_expiry']),
    );
    expect(codes).not.toContain('too_few_owners');

    // A directory that provisions again is not stale.
    await scimClient(t, target.token).get('/Users').expect(200);
    const used = await read();
    expect(used.scimConnections[0]).toMatchObject({
      stale: false,
      lastUsedAt: t.clock.now().toISOString(),
    });
  });

  it('warns no_break_glass_owner until an active owner holds a credential', async () => {
    const { org: target, owner } = await newOrg('posture-bg');
    const reader = await createMember(t, target.id, 'reader@posture-bg.test', 'owner');
    const heir = await createMember(t, target.id, 'heir@posture-bg.test', 'owner');
    const warning = async () => {
      const { headers } = await signIn(t, target.id, reader);
      const res = await t.http.get(url('security-posture', target.id)).set(headers);
      return res.body.warnings.find((w: { code: string }) => w.code === 'no_break_glass_owner');
    };
    const issueFor = (email: string) =>
      resetBreakGlass(t, { orgId: target.id, slug: 'posture-bg' }, email);
    expect((await warning()).message).toMatch(/break-glass reset/);
    await issueFor('heir@posture-bg.test');
    expect(await warning()).toBeUndefined();

    // A credential counts only while its holder is an active owner (DESIGN rule 4).
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [heir]);
    expect(await warning()).toBeDefined();
    await issueFor('owner@posture-bg.test');
    expect(await warning()).toBeUndefined();
  });

  it('names SSO enforced without an enabled connection', async () => {
    const { org: target, owner } = await newOrg('posture-sso');
    await addSsoConnection(target.id, true);
    expect(
      (await put(owner, 'security', { ...SECURITY, ssoEnforced: true }, target.id)).status,
    ).toBe(200);
    await t.db.query('UPDATE sso_connections SET enabled = false WHERE org_id = $1', [target.id]);
    const { headers } = await signIn(t, target.id, owner);
    const res = await t.http.get(url('security-posture', target.id)).set(headers);
    expect(res.body).toMatchObject({ ssoEnforced: true, mfaRequired: true });
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toContain(
      'sso_enforced_without_connection',
    );
  });
  it('warns per SAML connection of IdP certificates expiring in 30 days or expired', async () => {
    const { org: target, owner } = await newOrg('posture-idp-certs');
    const start = t.clock.now();
    // Earlier tests moved the clock ahead; SP key generation (selfsigned) needs a start date
    // that is not in the real future.
    t.clock.set(new FakeClock().now());
    const soon = makeIdpCertificate('IdP soon', 40);
    const later = makeIdpCertificate('IdP later', 400);
    const rotating = await createTestSamlConnection(t, target.id, {
      name: 'Okta',
      idpCertificates: [soon, later],
    });
    await createTestSamlConnection(t, target.id, { name: 'Calm', idpCertificates: [later] });
    const ends = certificateNotAfter(soon);
    const posture = async () => {
      const { headers } = await signIn(t, target.id, owner);
      return (await t.http.get(url('security-posture', target.id)).set(headers)).body;
    };
    const certWarnings = (body: { warnings: { code: string; message: string }[] }) =>
      body.warnings.filter((w) => w.code.startsWith('idp_certificate_'));

    try {
      t.clock.set(new Date(ends.getTime() - 31 * DAY_MS));
      expect(certWarnings(await posture())).toEqual([]);

      t.clock.set(new Date(ends.getTime() - 10 * DAY_MS));
      let body = await posture();
      expect(body.idpCertificatesNearExpiry).toEqual([
        {
          connectionId: rotating.id,
          connectionName: 'Okta',
          subject: 'CN=IdP soon',
          notAfter: ends.toISOString(),
          expired: false,
        },
      ]);
      expect(certWarnings(body)).toEqual([
        { code: 'idp_certificate_expiring', message: expect.stringContaining('"Okta"') },
      ]);

      t.clock.set(new Date(ends.getTime() + DAY_MS));
      body = await posture();
      expect(body.idpCertificatesNearExpiry[0].expired).toBe(true);
      expect(certWarnings(body)).toEqual([
        { code: 'idp_certificate_expired', message: expect.stringContaining('CN=IdP soon') },
      ]);
    } finally {
      t.clock.set(start);
    }
  });
});
