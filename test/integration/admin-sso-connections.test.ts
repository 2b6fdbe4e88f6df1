import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { decryptSecret } from '../../src/secrets/encryption.js';
import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  certificateNotAfter,
  idpMetadataXml,
  LOOPBACK_POLICY,
  makeIdpCertificate,
  startMetadataServer,
  type MetadataServer,
} from '../support/sso-metadata.js';
import { createOrgWithScim, PUBLIC_URL, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let idp: MetadataServer;
let orgId: string;
let otherOrgId: string;
let ownerId: string;
let certA: string;
let certB: string;
/** Extra apps close after the main one is done: closing PGlite early would end its twin. */
const closeLater: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
  idp = await startMetadataServer();
  orgId = (await createOrgWithScim(t, 'sso-admin')).id;
  otherOrgId = (await createOrgWithScim(t, 'sso-admin-other')).id;
  ownerId = await createMember(t, orgId, 'owner@sso-admin.test', 'owner');
  certA = makeIdpCertificate('IdP signing A', 365);
  certB = makeIdpCertificate('IdP signing B', 730);
  idp.set(
    '/okta/metadata',
    200,
    idpMetadataXml({
      entityId: 'http://www.okta.com/exk1',
      ssoUrl: 'https://acme.okta.test/app/sso/saml',
      sloUrl: 'https://acme.okta.test/app/slo/saml',
      certificates: [certA],
    }),
  );
});
afterAll(async () => {
  for (const close of closeLater) await close();
  await idp.close();
  await t.close();
});

const url = (path = '', org = orgId) => `/api/v1/orgs/${org}/sso/connections${path}`;
const fresh = async () => (await signIn(t, orgId, ownerId)).headers;

async function create(body: object) {
  return t.http
    .post(url())
    .set(await fresh())
    .send(body);
}

const MANUAL_SAML = () => ({
  protocol: 'saml',
  name: 'Manual SAML',
  saml: {
    idpEntityId: 'https://idp.manual.test',
    idpSsoUrl: 'https://idp.manual.test/sso',
    idpCertificates: [certA],
  },
});

/** What the flow records when a test sign-in of the current revision succeeds. */
async function markTested(id: string) {
  await t.db.query('UPDATE sso_connections SET tested_revision = revision WHERE id = $1', [id]);
}

async function setSsoEnforced(enforced: boolean) {
  await t.db.query(
    `UPDATE organizations SET security = security || jsonb_build_object('ssoEnforced', $2::boolean)
      WHERE id = $1`,
    [orgId, enforced],
  );
}

describe('POST sso/connections (SAML)', () => {
  it('imports IdP metadata from a URL: entity id, endpoints, certificates; SP URLs', async () => {
    const res = await create({
      protocol: 'saml',
      name: 'Okta',
      saml: { metadataUrl: idp.url('/okta/metadata') },
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect(res.body).toMatchObject({
      protocol: 'saml',
      name: 'Okta',
      enabled: false,
      revision: 1,
      testedRevision: null,
      jitEnabled: false,
      saml: {
        idpEntityId: 'http://www.okta.com/exk1',
        idpSsoUrl: 'https://acme.okta.test/app/sso/saml',
        idpSloUrl: 'https://acme.okta.test/app/slo/saml',
        metadataUrl: idp.url('/okta/metadata'),
        allowIdpInitiated: false,
        allowSha1: false,
        sp: {
          entityId: `${PUBLIC_URL}/sso/saml/${id}/metadata`,
          acsUrl: `${PUBLIC_URL}/sso/saml/${id}/acs`,
          metadataUrl: `${PUBLIC_URL}/sso/saml/${id}/metadata`,
        },
      },
    });
    expect(res.body.saml.idpCertificates).toEqual([
      expect.objectContaining({
        subject: 'CN=IdP signing A',
        notAfter: certificateNotAfter(certA).toISOString(),
      }),
    ]);
    expect(res.body.saml.sp.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const [row] = await t.db.query(
      'SELECT sp_private_key_encrypted AS key FROM sso_connections WHERE id = $1',
      [id],
    );
    expect(row.key).not.toMatch(/PRIVATE KEY/);
    const key = decryptSecret(t.keyring, row.key, `sso_connections.sp_private_key:${id}`);
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(res.text).not.toContain('PRIVATE KEY');
    expect(await auditActions(t, orgId, id)).toEqual(['organization.sso.connection_registered']);
  });

  it('takes pasted metadata XML, or the settings entered by hand', async () => {
    const pasted = await create({
      protocol: 'saml',
      name: 'Entra',
      saml: {
        metadataXml: idpMetadataXml({
          entityId: 'https://sts.windows.test/tenant/',
          ssoUrl: 'https://login.entra.test/saml2',
          certificates: [certA, certB],
        }),
      },
    });
    expect(pasted.status).toBe(201);
    expect(pasted.body.saml.metadataUrl).toBeNull();
    expect(pasted.body.saml.idpCertificates.map((c: { subject: string }) => c.subject)).toEqual([
      'CN=IdP signing A',
      'CN=IdP signing B',
    ]);

    const manual = await create(MANUAL_SAML());
    expect(manual.status).toBe(201);
    expect(manual.body.saml).toMatchObject({ idpEntityId: 'https://idp.manual.test' });
  });

  it.each([
    ['metadata and a hand-entered field', { metadataXml: '<x/>', idpEntityId: 'e' }, 'saml'],
    ['no IdP settings at all', {}, 'saml.idpEntityId'],
    [
      'a certificate that is not one',
      { idpEntityId: 'e', idpSsoUrl: 'https://i.test/sso', idpCertificates: ['nope'] },
      'saml.idpCertificates.0',
    ],
    ['metadata with a DOCTYPE', { metadataXml: '<!DOCTYPE x [<!ENTITY a "b">]><x/>' }, 'IdP'],
    ['a metadata URL that answers 404', { metadataUrl: '/missing' }, 'HTTP 404'],
    ['a metadata URL nobody answers', { metadataUrl: 'http://127.0.0.1:9/' }, 'ECONNREFUSED'],
  ])('refuses %s with 400 naming it, and stores nothing', async (_what, saml, named) => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM sso_connections');
    const metadataUrl = (saml as { metadataUrl?: string }).metadataUrl;
    if (metadataUrl?.startsWith('/')) Object.assign(saml, { metadataUrl: idp.url(metadataUrl) });
    const res = await create({ protocol: 'saml', name: 'Bad', saml });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(named);
    const after = await t.db.query('SELECT count(*)::int AS n FROM sso_connections');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses private addresses and plain http unless the operator allows them', async () => {
    const strict = await startTestApp();
    closeLater.push(() => strict.close());
    {
      const org = await createOrgWithScim(strict, 'sso-strict');
      const owner = await createMember(strict, org.id, 'o@strict.test', 'owner');
      const seen = idp.requests.length;
      const headers = (await signIn(strict, org.id, owner)).headers;
      for (const metadataUrl of [idp.url('/okta/metadata'), 'https://169.254.169.254/latest']) {
        const res = await strict.http
          .post(`/api/v1/orgs/${org.id}/sso/connections`)
          .set(headers)
          .send({ protocol: 'saml', name: 'x', saml: { metadataUrl } });
        expect(res.status).toBe(400);
      }
      expect(idp.requests.length).toBe(seen);
      const httpIssuer = await strict.http
        .post(`/api/v1/orgs/${org.id}/sso/connections`)
        .set(headers)
        .send({
          protocol: 'oidc',
          name: 'x',
          oidc: { issuer: 'http://op.test', clientId: 'c', clientSecret: 's' },
        });
      expect(httpIssuer.status).toBe(400);
      expect(httpIssuer.body.message).toBe('oidc.issuer: must be an https URL');
    }
  });
});

describe('POST sso/connections (OIDC)', () => {
  it('stores the client secret encrypted and never returns it', async () => {
    const secret = 'oidc-client-secret-value-123';
    const res = await create({
      protocol: 'oidc',
      name: 'Google',
      oidc: { issuer: 'https://accounts.google.test', clientId: 'client-1', clientSecret: secret },
    });
    expect(res.status).toBe(201);
    expect(res.body.oidc).toEqual({
      issuer: 'https://accounts.google.test',
      clientId: 'client-1',
      hasClientSecret: true,
      scopes: ['openid', 'email', 'profile'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      allowedTenantIds: [],
      requestAcrValues: [],
      callbackUrl: `${PUBLIC_URL}/sso/oidc/${res.body.id}/callback`,
    });
    expect(res.text).not.toContain(secret);
    const [row] = await t.db.query(
      'SELECT encrypted_secret, config::text AS config FROM sso_connections WHERE id = $1',
      [res.body.id],
    );
    expect(row.encrypted_secret).not.toContain(secret);
    expect(row.config).not.toContain(secret);
    expect(
      decryptSecret(t.keyring, row.encrypted_secret, `sso_connections.secret:${res.body.id}`),
    ).toBe(secret);
    const events = await t.db.query('SELECT payload::text AS p FROM audit_events');
    expect(events.map((e: { p: string }) => e.p).join()).not.toContain(secret);
    expect(t.logLines.join('')).not.toContain(secret);
  });

  it('adds the openid scope when left out; issuer and client id are required', async () => {
    const res = await create({
      protocol: 'oidc',
      name: 'Entra',
      oidc: {
        issuer: 'https://login.entra.test/t/v2.0',
        clientId: 'c',
        clientSecret: 's',
        scopes: ['email'],
      },
    });
    expect(res.body.oidc.scopes).toEqual(['openid', 'email']);
    const missing = await create({
      protocol: 'oidc',
      name: 'x',
      oidc: { issuer: 'https://i.test' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('oidc.clientId');
  });
});

describe('revisions, test and enable', () => {
  it('enables only a tested revision; an edit needs a new test', async () => {
    const { body } = await create(MANUAL_SAML());
    let res = await t.http.post(url(`/${body.id}/enable`)).set(await fresh());
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('connection_not_tested');

    await markTested(body.id);
    const edit = await t.http
      .patch(url(`/${body.id}`))
      .set(await fresh())
      .send({ jitEnabled: true, saml: { clockSkewSeconds: 30 } });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ revision: 2, testedRevision: 1, jitEnabled: true });
    expect(edit.body.saml.clockSkewSeconds).toBe(30);
    res = await t.http.post(url(`/${body.id}/enable`)).set(await fresh());
    expect(res.status).toBe(409);

    await markTested(body.id);
    res = await t.http.post(url(`/${body.id}/enable`)).set(await fresh());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: true, revision: 2, testedRevision: 2 });
    expect(await auditActions(t, orgId, body.id)).toEqual([
      'organization.sso.connection_registered',
      'organization.sso.connection_updated',
      'organization.sso.connection_enabled',
    ]);
  });

  it('a live connection takes a new name and certificates, nothing else', async () => {
    const { body } = await create(MANUAL_SAML());
    await markTested(body.id);
    await t.http
      .post(url(`/${body.id}/enable`))
      .set(await fresh())
      .expect(200);
    const patch = async (change: object) =>
      t.http
        .patch(url(`/${body.id}`))
        .set(await fresh())
        .send(change);

    let res = await patch({ saml: { idpSsoUrl: 'https://elsewhere.test/sso' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('disable_first');
    expect(res.body.message).toContain('idpSsoUrl');

    res = await patch({ name: 'Renamed' });
    expect(res.body).toMatchObject({ name: 'Renamed', revision: 1, enabled: true });
    res = await patch({ saml: { idpCertificates: [certA, certB] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ revision: 2, enabled: true });
    expect(res.body.saml.idpCertificates).toHaveLength(2);

    await t.http
      .post(url(`/${body.id}/disable`))
      .set(await fresh())
      .expect(200);
    res = await patch({ saml: { idpSsoUrl: 'https://elsewhere.test/sso' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, revision: 3 });
  });

  it('POST …/test answers the IdP URL of a test flow bound to the admin’s browser', async () => {
    const { body } = await create(MANUAL_SAML());
    const res = await t.http.post(url(`/${body.id}/test`)).set(await fresh());
    expect(res.status).toBe(200);
    expect(res.body.redirectUrl).toMatch(/^https:\/\/idp\.manual\.test\/sso\?SAMLRequest=/);
    const flows = await t.db.query(
      'SELECT purpose, connection_revision FROM sso_flows WHERE connection_id = $1',
      [body.id],
    );
    expect(flows).toEqual([{ purpose: 'test', connection_revision: 1 }]);
  });
});

describe('SSO enforcement keeps a way in', () => {
  it('refuses to disable or delete the last enabled connection while SSO is enforced', async () => {
    for (const row of await t.db.query(
      'SELECT id FROM sso_connections WHERE org_id = $1 AND enabled',
      [orgId],
    )) {
      await t.http
        .post(url(`/${row.id}/disable`))
        .set(await fresh())
        .expect(200);
    }
    const { body } = await create(MANUAL_SAML());
    await markTested(body.id);
    await t.http
      .post(url(`/${body.id}/enable`))
      .set(await fresh())
      .expect(200);
    await setSsoEnforced(true);
    try {
      for (const res of [
        await t.http.post(url(`/${body.id}/disable`)).set(await fresh()),
        await t.http.delete(url(`/${body.id}`)).set(await fresh()),
      ]) {
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('sso_enforced_last_connection');
      }
    } finally {
      await setSsoEnforced(false);
    }
    await t.http
      .delete(url(`/${body.id}`))
      .set(await fresh())
      .expect(204);
    await t.http
      .get(url(`/${body.id}`))
      .set(await fresh())
      .expect(404);
    expect(await auditActions(t, orgId, body.id)).toContain('organization.sso.connection_deleted');
  });
});

describe('group role mappings grant only what the admin could grant', () => {
  const roleId = async (org: string, name: string) =>
    (await t.db.query('SELECT id FROM roles WHERE org_id = $1 AND name = $2', [org, name]))[0].id;

  it('maps a group to a role of this organization, never owner, never another org’s', async () => {
    const ok = await create({
      ...MANUAL_SAML(),
      groupRoleMappings: [{ group: 'admins', roleId: await roleId(orgId, 'admin') }],
    });
    expect(ok.status).toBe(201);
    const owner = await create({
      ...MANUAL_SAML(),
      groupRoleMappings: [{ group: 'x', roleId: await roleId(orgId, 'owner') }],
    });
    expect(owner.status).toBe(403);
    expect(owner.body.error).toBe('owner_not_grantable');
    const foreign = await create({
      ...MANUAL_SAML(),
      groupRoleMappings: [{ group: 'x', roleId: await roleId(otherOrgId, 'admin') }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain('groupRoleMappings.0.roleId');
  });
});

describe('guards', () => {
  it('needs security_configuration.manage, and a fresh session for writes', async () => {
    const adminId = await createMember(t, orgId, 'admin@sso-admin.test', 'admin');
    const admin = (await signIn(t, orgId, adminId)).headers;
    await t.http.get(url()).set(admin).expect(403);
    const stale = (
      await signIn(t, orgId, ownerId, {
        authenticatedAt: new Date(t.clock.now().getTime() - 16 * 60_000),
      })
    ).headers;
    await t.http.get(url()).set(stale).expect(200);
    const res = await t.http.post(url()).set(stale).send(MANUAL_SAML());
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('fresh_auth_required');
  });

  it('lists only this organization’s connections', async () => {
    const res = await t.http.get(url()).set(await fresh());
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(3);
    const [other] = await t.db.query(
      "INSERT INTO sso_connections (org_id, protocol, name) VALUES ($1, 'oidc', 'x') RETURNING id",
      [otherOrgId],
    );
    const again = await t.http.get(url()).set(await fresh());
    expect(again.body.data.map((c: { id: string }) => c.id)).not.toContain(other.id);
    await t.http
      .get(url(`/${other.id}`))
      .set(await fresh())
      .expect(404);
  });
});
