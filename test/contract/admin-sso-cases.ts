import { expect } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import { makeIdpCertificate } from '../support/sso-metadata.js';
import { createOrgWithScim, TEST_DNS } from '../support/test-app.js';
import {
  ADMIN_BASE,
  admin,
  NO_SUCH_ID,
  otherOrgId,
  unauthenticatedCases,
  type Caller,
} from './admin-case-support.js';
import {
  uniqueName,
  type ContractCase,
  type ContractContext,
  type Method,
} from './contract-case.js';

const P = {
  connections: `${ADMIN_BASE}/sso/connections`,
  connection: `${ADMIN_BASE}/sso/connections/{connectionId}`,
  test: `${ADMIN_BASE}/sso/connections/{connectionId}/test`,
  enable: `${ADMIN_BASE}/sso/connections/{connectionId}/enable`,
  disable: `${ADMIN_BASE}/sso/connections/{connectionId}/disable`,
  domains: `${ADMIN_BASE}/sso/domains`,
  verify: `${ADMIN_BASE}/sso/domains/{domainId}/verify`,
  domain: `${ADMIN_BASE}/sso/domains/{domainId}`,
} as const;

let certificate: string | undefined;
const idpCertificate = () => (certificate ??= makeIdpCertificate('Contract IdP', 365));

const samlBody = () => ({
  protocol: 'saml',
  name: uniqueName('saml'),
  saml: {
    idpEntityId: 'https://idp.contract.test/entity',
    idpSsoUrl: 'https://idp.contract.test/sso',
    idpCertificates: [idpCertificate()],
  },
});

const at = (path: string, id: string) =>
  path.replace('{connectionId}', id).replace('{domainId}', id);

async function newConnection(ctx: ContractContext, body: object = samlBody()): Promise<string> {
  const res = await admin(ctx, 'post', P.connections, { body });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A connection that passed its test (what the flow records) and is enabled. */
async function enabledConnection(ctx: ContractContext): Promise<string> {
  const id = await newConnection(ctx);
  await ctx.t.db.query('UPDATE sso_connections SET tested_revision = revision WHERE id = $1', [id]);
  expect((await admin(ctx, 'post', at(P.enable, id))).status).toBe(200);
  return id;
}

/**
 * An organization of its own with SSO enforced and one enabled connection, so "the last enabled
 * connection" is certain whatever else the suite made in the contract organization.
 */
async function enforcedOrg(ctx: ContractContext) {
  const org = await createOrgWithScim(ctx.t, uniqueName('sso-enforced'));
  const owner = await createMember(ctx.t, org.id, `${uniqueName('o')}@example.com`, 'owner');
  const own = { ...ctx, org };
  const id = await enabledConnection(own);
  await ctx.t.db.query(
    `UPDATE organizations SET security = security || '{"ssoEnforced": true}' WHERE id = $1`,
    [org.id],
  );
  const headers = (await signIn(ctx.t, org.id, owner)).headers;
  const send = (method: Method, path: string) =>
    ctx.t.http[method](at(path, id).replace('{orgId}', org.id))
      .set('Accept', 'application/json')
      .set(headers);
  return { send };
}

async function newDomain(
  ctx: ContractContext,
): Promise<{ id: string; name: string; value: string }> {
  const res = await admin(ctx, 'post', P.domains, {
    body: { domain: `${uniqueName('d')}.example` },
  });
  expect(res.status).toBe(201);
  return {
    id: res.body.id,
    name: res.body.verification.recordName,
    value: res.body.verification.recordValue,
  };
}

/** The usual refusals of one operation: admin role 403, another organization 404, a bad id 404. */
function guardCases(method: Method, path: string, hasId: boolean, body?: object): ContractCase[] {
  const concrete = hasId ? at(path, NO_SUCH_ID) : path;
  const as = (caller: Caller) => ({ as: caller, body });
  const cases: ContractCase[] = [
    {
      name: 'an admin lacks security_configuration.manage',
      method,
      path,
      status: 403,
      run: (ctx) => admin(ctx, method, concrete, as('admin')),
      verify: (res) => expect(res.body.error).toBe('forbidden'),
    },
    {
      name: 'another organization is 404',
      method,
      path,
      status: 404,
      run: (ctx) => admin(ctx, method, concrete, { ...as('owner'), orgId: otherOrgId() }),
    },
  ];
  if (hasId) {
    cases.push({
      name: 'an id that is not one of this organization’s is 404',
      method,
      path,
      status: 404,
      run: (ctx) => admin(ctx, method, at(path, 'not-a-uuid'), as('owner')),
    });
  }
  return cases;
}

const CONNECTION_CASES: ContractCase[] = [
  {
    name: 'lists connections',
    method: 'get',
    path: P.connections,
    status: 200,
    async run(ctx) {
      await newConnection(ctx);
      return admin(ctx, 'get', P.connections);
    },
    verify: (res) => expect(res.body.data.length).toBeGreaterThan(0),
  },
  {
    name: 'registers a SAML connection, disabled at revision 1',
    method: 'post',
    path: P.connections,
    status: 201,
    run: (ctx) => admin(ctx, 'post', P.connections, { body: samlBody() }),
    verify: (res) => expect(res.body).toMatchObject({ enabled: false, revision: 1 }),
  },
  {
    name: 'registers an OIDC connection; the secret is not returned',
    method: 'post',
    path: P.connections,
    status: 201,
    run: (ctx) =>
      admin(ctx, 'post', P.connections, {
        body: {
          protocol: 'oidc',
          name: 'oidc',
          oidc: { issuer: 'https://op.contract.test', clientId: 'c', clientSecret: 'shh-secret' },
        },
      }),
    verify: (res) => {
      expect(res.body.oidc.hasClientSecret).toBe(true);
      expect(JSON.stringify(res.body)).not.toContain('shh-secret');
    },
  },
  {
    name: 'an unknown protocol is 400',
    method: 'post',
    path: P.connections,
    status: 400,
    run: (ctx) => admin(ctx, 'post', P.connections, { body: { protocol: 'ldap', name: 'x' } }),
  },
  {
    name: 'a stale session must step up',
    method: 'post',
    path: P.connections,
    status: 403,
    run: (ctx) => admin(ctx, 'post', P.connections, { as: 'stale-owner', body: samlBody() }),
    verify: (res) => expect(res.body.error).toBe('reauth'),
  },
  {
    name: 'reads one connection with its SP URLs',
    method: 'get',
    path: P.connection,
    status: 200,
    run: async (ctx) => admin(ctx, 'get', at(P.connection, await newConnection(ctx))),
    verify: (res) => expect(res.body.saml.sp.acsUrl).toContain(`/sso/saml/${res.body.id}/acs`),
  },
  {
    name: 'edits a setting: a new revision',
    method: 'patch',
    path: P.connection,
    status: 200,
    run: async (ctx) =>
      admin(ctx, 'patch', at(P.connection, await newConnection(ctx)), {
        body: { jitEnabled: true },
      }),
    verify: (res) => expect(res.body.revision).toBe(2),
  },
  {
    name: 'a bad clock skew is 400',
    method: 'patch',
    path: P.connection,
    status: 400,
    run: async (ctx) =>
      admin(ctx, 'patch', at(P.connection, await newConnection(ctx)), {
        body: { saml: { clockSkewSeconds: -1 } },
      }),
  },
  {
    name: 'an enabled connection takes no settings change',
    method: 'patch',
    path: P.connection,
    status: 409,
    run: async (ctx) =>
      admin(ctx, 'patch', at(P.connection, await enabledConnection(ctx)), {
        body: { jitEnabled: true },
      }),
    verify: (res) => expect(res.body.error).toBe('disable_first'),
  },
  {
    name: 'deletes a connection',
    method: 'delete',
    path: P.connection,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', at(P.connection, await newConnection(ctx))),
  },
  {
    name: 'the last enabled connection of an SSO-enforced organization stays',
    method: 'delete',
    path: P.connection,
    status: 409,
    run: async (ctx) => (await enforcedOrg(ctx)).send('delete', P.connection),
    verify: (res) => expect(res.body.error).toBe('sso_enforced_last_connection'),
  },
  {
    name: 'a test sign-in answers the IdP URL',
    method: 'post',
    path: P.test,
    status: 200,
    run: async (ctx) => admin(ctx, 'post', at(P.test, await newConnection(ctx))),
    verify: (res) => expect(res.body.redirectUrl).toMatch(/^https:\/\/idp\.contract\.test\/sso\?/),
  },
  {
    name: 'an OIDC issuer that cannot be read is 502',
    method: 'post',
    path: P.test,
    status: 502,
    async run(ctx) {
      // A private address: refused by the outbound policy before any packet leaves.
      const id = await newConnection(ctx, {
        protocol: 'oidc',
        name: 'unreachable',
        oidc: { issuer: 'https://10.255.255.1', clientId: 'c', clientSecret: 's' },
      });
      return admin(ctx, 'post', at(P.test, id));
    },
    verify: (res) => {
      expect(res.body.error).toBe('oidc_discovery_failed');
      // The admin is told what failed, not only the members' "ask your administrator".
      expect(res.body.message).toContain('issuer: https://10.255.255.1');
      expect(res.body.message).toMatch(/private|refused|not allowed/i);
    },
  },
  {
    name: 'enables a tested connection',
    method: 'post',
    path: P.enable,
    status: 200,
    async run(ctx) {
      const id = await newConnection(ctx);
      await ctx.t.db.query('UPDATE sso_connections SET tested_revision = 1 WHERE id = $1', [id]);
      return admin(ctx, 'post', at(P.enable, id));
    },
    verify: (res) => expect(res.body.enabled).toBe(true),
  },
  {
    name: 'an untested revision is not enabled',
    method: 'post',
    path: P.enable,
    status: 409,
    run: async (ctx) => admin(ctx, 'post', at(P.enable, await newConnection(ctx))),
    verify: (res) => expect(res.body.error).toBe('connection_not_tested'),
  },
  {
    name: 'disables a connection',
    method: 'post',
    path: P.disable,
    status: 200,
    run: async (ctx) => admin(ctx, 'post', at(P.disable, await enabledConnection(ctx))),
    verify: (res) => expect(res.body.enabled).toBe(false),
  },
  {
    name: 'the last enabled connection of an SSO-enforced organization stays on',
    method: 'post',
    path: P.disable,
    status: 409,
    run: async (ctx) => (await enforcedOrg(ctx)).send('post', P.disable),
  },
];

const DOMAIN_CASES: ContractCase[] = [
  {
    name: 'lists domains with their TXT records',
    method: 'get',
    path: P.domains,
    status: 200,
    async run(ctx) {
      await newDomain(ctx);
      return admin(ctx, 'get', P.domains);
    },
  },
  {
    name: 'adds a domain, unverified',
    method: 'post',
    path: P.domains,
    status: 201,
    run: (ctx) => admin(ctx, 'post', P.domains, { body: { domain: `${uniqueName('a')}.example` } }),
    verify: (res) => expect(res.body.verified).toBe(false),
  },
  {
    name: 'a malformed domain is 400',
    method: 'post',
    path: P.domains,
    status: 400,
    run: (ctx) => admin(ctx, 'post', P.domains, { body: { domain: 'not a domain' } }),
  },
  {
    name: 'a domain listed twice is 409',
    method: 'post',
    path: P.domains,
    status: 409,
    async run(ctx) {
      const domain = `${uniqueName('twice')}.example`;
      await admin(ctx, 'post', P.domains, { body: { domain } });
      return admin(ctx, 'post', P.domains, { body: { domain } });
    },
    verify: (res) => expect(res.body.error).toBe('domain_exists'),
  },
  {
    name: 'verifies a domain whose TXT record is published',
    method: 'post',
    path: P.verify,
    status: 200,
    async run(ctx) {
      const domain = await newDomain(ctx);
      TEST_DNS.set(domain.name, [[domain.value]]);
      return admin(ctx, 'post', at(P.verify, domain.id));
    },
    verify: (res) => expect(res.body.verified).toBe(true),
  },
  {
    name: 'no TXT record is 409',
    method: 'post',
    path: P.verify,
    status: 409,
    run: async (ctx) => admin(ctx, 'post', at(P.verify, (await newDomain(ctx)).id)),
    verify: (res) => expect(res.body.error).toBe('verification_failed'),
  },
  {
    name: 'removes a domain',
    method: 'delete',
    path: P.domain,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', at(P.domain, (await newDomain(ctx)).id)),
  },
];

const OPERATIONS: [Method, string, boolean][] = [
  ['get', P.connections, false],
  ['post', P.connections, false],
  ['get', P.connection, true],
  ['patch', P.connection, true],
  ['delete', P.connection, true],
  ['post', P.test, true],
  ['post', P.enable, true],
  ['post', P.disable, true],
  ['get', P.domains, false],
  ['post', P.domains, false],
  ['post', P.verify, true],
  ['delete', P.domain, true],
];

/** SSO connections and email domains under `/api/v1/orgs/{orgId}/sso`. */
export const ADMIN_SSO_CASES: ContractCase[] = [
  ...CONNECTION_CASES,
  ...DOMAIN_CASES,
  ...OPERATIONS.flatMap(([method, path, hasId]) =>
    guardCases(method, path, hasId, method === 'get' || method === 'delete' ? undefined : {}),
  ),
  ...unauthenticatedCases(
    OPERATIONS.map(([method, path, hasId]) => [method, path, hasId ? at(path, NO_SUCH_ID) : path]),
  ),
];
