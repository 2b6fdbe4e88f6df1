import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Test } from 'supertest';
import { parse } from 'yaml';

import { FRESH_SESSION_MS } from '../../src/access/fresh-session.js';
import { issueTestApiKey } from '../support/api-keys.js';
import { OPENAPI_FILE, operationKey } from '../support/openapi-validator.js';
import { createMember, signIn } from '../support/sessions.js';
import { makeIdpCertificate } from '../support/sso-metadata.js';
import { createOrgWithScim, startTestApp, TEST_DNS, type TestApp } from '../support/test-app.js';

/**
 * DESIGN rule 2, route by route: every change to SSO, SCIM, API keys, organization settings,
 * custom roles or member roles, every hand-out of a role (invitations) and every removal of a
 * member needs a sign-in from the last 15 minutes. Each row names one privileged operation as
 * `openapi.yaml` spells it and builds a request that would succeed; the suite sends it with a
 * stale session, with the owner's API key, and with a session exactly 15 minutes old. The list
 * is held against the `x-tessera-fresh-session` marks of the contract, so a route added to
 * either without the other fails here.
 */
interface Route {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** Builds the concrete URL and body, creating whatever the request acts on. */
  prepare(): Promise<{ url: string; body?: object }>;
}

let t: TestApp;
let orgId: string;
let ownerId: string;
let fresh: Record<string, string>;

const api = (suffix: string) => `/api/v1/orgs/${orgId}${suffix}`;

async function created(req: Test): Promise<Record<string, string>> {
  const res = await req.set(fresh);
  expect(res.status).toBe(201);
  return res.body;
}

const newRole = () =>
  created(t.http.post(api('/roles')).send({ name: `r${Math.random()}`, permissions: [] }));
const newConnection = () =>
  created(t.http.post(api('/scim-connections')).send({ name: 'Directory' }));
const newKey = () => created(t.http.post(api('/api-keys')).send({ name: 'ci' }));
const newWebhook = () =>
  created(t.http.post(api('/webhooks')).send({ url: 'https://hooks.example.test/fresh' }));
const invitationBody = async () => {
  const [role] = await t.db.query(
    `SELECT id FROM roles WHERE org_id = $1 AND builtin AND name = 'member'`,
    [orgId],
  );
  return { email: `i${Math.random()}@example.com`, roleId: role.id };
};
const newInvitation = async () =>
  created(t.http.post(api('/invitations')).send(await invitationBody()));

let idpCertificate: string | undefined;
const samlConnectionBody = () => ({
  protocol: 'saml',
  name: 'IdP',
  saml: {
    idpEntityId: 'https://idp.fresh.test',
    idpSsoUrl: 'https://idp.fresh.test/sso',
    idpCertificates: [(idpCertificate ??= makeIdpCertificate('fresh IdP', 365))],
  },
});
const newSsoConnection = () =>
  created(t.http.post(api('/sso/connections')).send(samlConnectionBody()));
/** A connection whose current revision passed a test sign-in (as the flow records it). */
const testedSsoConnection = async () => {
  const connection = await newSsoConnection();
  await t.db.query('UPDATE sso_connections SET tested_revision = revision WHERE id = $1', [
    connection.id,
  ]);
  return connection;
};
const enabledSsoConnection = async () => {
  const connection = await testedSsoConnection();
  const res = await t.http.post(api(`/sso/connections/${connection.id}/enable`)).set(fresh);
  expect(res.status).toBe(200);
  return connection;
};
const newSsoDomain = () =>
  created(
    t.http
      .post(api('/sso/domains'))
      .send({ domain: `d${Date.now()}${Math.random()}`.replace('.', '') + '.example' }),
  );

const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/sso/connections',
    prepare: async () => ({ url: api('/sso/connections'), body: samlConnectionBody() }),
  },
  {
    method: 'patch',
    path: '/api/v1/orgs/{orgId}/sso/connections/{connectionId}',
    prepare: async () => ({
      url: api(`/sso/connections/${(await newSsoConnection()).id}`),
      body: { jitEnabled: true },
    }),
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/sso/connections/{connectionId}',
    prepare: async () => ({ url: api(`/sso/connections/${(await newSsoConnection()).id}`) }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/sso/connections/{connectionId}/test',
    prepare: async () => ({ url: api(`/sso/connections/${(await newSsoConnection()).id}/test`) }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/sso/connections/{connectionId}/enable',
    prepare: async () => ({
      url: api(`/sso/connections/${(await testedSsoConnection()).id}/enable`),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/sso/connections/{connectionId}/disable',
    prepare: async () => ({
      url: api(`/sso/connections/${(await enabledSsoConnection()).id}/disable`),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/sso/domains',
    prepare: async () => ({
      url: api('/sso/domains'),
      body: { domain: `f${Math.random()}`.replace('.', '') + '.example' },
    }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/sso/domains/{domainId}/verify',
    prepare: async () => {
      const domain = await newSsoDomain();
      const record = domain.verification as unknown as { recordName: string; recordValue: string };
      TEST_DNS.set(record.recordName, [[record.recordValue]]);
      return { url: api(`/sso/domains/${domain.id}/verify`) };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/sso/domains/{domainId}',
    prepare: async () => ({ url: api(`/sso/domains/${(await newSsoDomain()).id}`) }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/webhooks',
    prepare: async () => ({ url: api('/webhooks'), body: { url: 'https://hooks.example.test/a' } }),
  },
  {
    method: 'patch',
    path: '/api/v1/orgs/{orgId}/webhooks/{endpointId}',
    prepare: async () => ({
      url: api(`/webhooks/${(await newWebhook()).id}`),
      body: { enabled: false },
    }),
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/webhooks/{endpointId}',
    prepare: async () => ({ url: api(`/webhooks/${(await newWebhook()).id}`) }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/webhooks/{endpointId}/rotate-secret',
    prepare: async () => ({ url: api(`/webhooks/${(await newWebhook()).id}/rotate-secret`) }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/api-keys',
    prepare: async () => ({ url: api('/api-keys'), body: { name: 'deploy' } }),
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/api-keys/{keyId}',
    prepare: async () => ({ url: api(`/api-keys/${(await newKey()).id}`) }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/scim-connections',
    prepare: async () => ({ url: api('/scim-connections'), body: { name: 'Okta' } }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/scim-connections/{connectionId}/rotate',
    prepare: async () => ({
      url: api(`/scim-connections/${(await newConnection()).connectionId}/rotate`),
      body: {},
    }),
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/scim-connections/{connectionId}',
    prepare: async () => ({
      url: api(`/scim-connections/${(await newConnection()).connectionId}`),
    }),
  },
  {
    method: 'put',
    path: '/api/v1/orgs/{orgId}/settings/general',
    prepare: async () => ({ url: api('/settings/general'), body: { displayName: 'Fresh Rule' } }),
  },
  ...(['billing', 'inference'] as const).map((section) => ({
    method: 'put' as const,
    path: `/api/v1/orgs/{orgId}/settings/${section}`,
    prepare: async () => ({ url: api(`/settings/${section}`), body: {} }),
  })),
  {
    method: 'put',
    path: '/api/v1/orgs/{orgId}/settings/security',
    prepare: async () => ({
      url: api('/settings/security'),
      body: {
        ssoEnforced: false,
        mfaRequired: true,
        sessionIdleMinutes: 60,
        sessionAbsoluteHours: 12,
      },
    }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/roles',
    prepare: async () => ({
      url: api('/roles'),
      body: { name: `auditor ${Math.random()}`, permissions: ['audit.read'] },
    }),
  },
  {
    method: 'patch',
    path: '/api/v1/orgs/{orgId}/roles/{roleId}',
    prepare: async () => ({
      url: api(`/roles/${(await newRole()).id}`),
      body: { permissions: ['audit.read'] },
    }),
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/roles/{roleId}',
    prepare: async () => ({ url: api(`/roles/${(await newRole()).id}`) }),
  },
  {
    method: 'patch',
    path: '/api/v1/orgs/{orgId}/members/{memberId}/role',
    prepare: async () => {
      const memberId = await createMember(t, orgId, `m${Math.random()}@example.com`);
      const [admin] = await t.db.query(
        `SELECT id FROM roles WHERE org_id = $1 AND builtin AND name = 'admin'`,
        [orgId],
      );
      return { url: api(`/members/${memberId}/role`), body: { roleId: admin.id } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/members/{memberId}/transfer-ownership',
    prepare: async () => {
      const memberId = await createMember(t, orgId, `heir${Math.random()}@example.com`, 'admin');
      return { url: api(`/members/${memberId}/transfer-ownership`), body: {} };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/orgs/{orgId}/members/{memberId}',
    prepare: async () => ({
      url: api(`/members/${await createMember(t, orgId, `x${Math.random()}@example.com`)}`),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/invitations',
    prepare: async () => ({ url: api('/invitations'), body: await invitationBody() }),
  },
  {
    method: 'post',
    path: '/api/v1/orgs/{orgId}/invitations/{invitationId}/refresh',
    prepare: async () => ({
      url: api(`/invitations/${(await newInvitation()).id}/refresh`),
      body: {},
    }),
  },
];

async function auditCount(): Promise<number> {
  const [{ n }] = await t.db.query(
    'SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1',
    [orgId],
  );
  return n;
}

beforeAll(async () => {
  t = await startTestApp();
  orgId = (await createOrgWithScim(t, 'fresh-rule')).id;
  ownerId = await createMember(t, orgId, 'owner@example.com', 'owner');
  // A second owner, so an ownership transfer or demotion never meets the last-owner rule.
  await createMember(t, orgId, 'co-owner@example.com', 'owner');
  fresh = (await signIn(t, orgId, ownerId)).headers;
});
afterAll(() => t.close());

describe('DESIGN rule 2: privileged changes need a sign-in from the last 15 minutes', () => {
  it('the table names exactly the operations openapi.yaml marks x-tessera-fresh-session', () => {
    const document = parse(readFileSync(OPENAPI_FILE, 'utf8'));
    const marked = Object.entries(document.paths as Record<string, Record<string, object>>)
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => (op as Record<string, unknown>)['x-tessera-fresh-session'] === true)
          .map(([method]) => operationKey(method, path)),
      )
      .sort();
    expect(ROUTES.map((r) => operationKey(r.method, r.path)).sort()).toEqual(marked);
  });

  describe.each(ROUTES.map((r) => [operationKey(r.method, r.path), r] as const))('%s', (_, r) => {
    const send = async (headers: Record<string, string>) => {
      const { url, body } = await r.prepare();
      const req = t.http[r.method](url).set(headers);
      return body === undefined ? req : req.send(body);
    };

    it('a session 15:00 + 1 ms old is refused with reauth, and nothing changes', async () => {
      const stale = await signIn(t, orgId, ownerId, {
        authenticatedAt: new Date(t.clock.now().getTime() - FRESH_SESSION_MS - 1),
      });
      const { url, body } = await r.prepare();
      const before = await auditCount();
      const req = t.http[r.method](url).set(stale.headers);
      const res = await (body === undefined ? req : req.send(body));

      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
      expect(res.body.stepUp).toBe('/auth/step-up');
      expect(await auditCount()).toBe(before);
    });

    it("the owner's own API key is refused with reauth: keys are never fresh", async () => {
      const key = await issueTestApiKey(t, orgId, ownerId);
      const res = await send(key.headers);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
    });

    it('a session exactly 15:00 old is let through', async () => {
      const edge = await signIn(t, orgId, ownerId, {
        authenticatedAt: new Date(t.clock.now().getTime() - FRESH_SESSION_MS),
      });
      const res = await send(edge.headers);
      expect([200, 201, 204]).toContain(res.status);
    });

    it('a session dated 1 ms in the future is refused', async () => {
      const future = await signIn(t, orgId, ownerId, {
        authenticatedAt: new Date(t.clock.now().getTime() + 1),
      });
      const res = await send(future.headers);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('reauth');
    });
  });
});
