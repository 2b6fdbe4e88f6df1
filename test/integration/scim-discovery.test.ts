import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  createOrgWithScim,
  SCIM_BASE,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
} from '../support/test-app.js';

let t: TestApp;
let scim: ScimClient;

beforeAll(async () => {
  t = await startTestApp();
  scim = scimClient(t, (await createOrgWithScim(t, 'discovery')).token);
});
afterAll(() => t.close());

describe('RFC 7644 §4 discovery advertises exactly what is implemented', () => {
  it('ServiceProviderConfig: patch, filter, sort, etag yes; bulk no; bearer auth', async () => {
    const res = await scim.get('/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      sort: { supported: true },
      etag: { supported: true },
      bulk: { supported: false },
      meta: { location: `${SCIM_BASE}/ServiceProviderConfig` },
    });
    expect(res.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
  });

  it('ResourceTypes: User with the enterprise extension, and Group', async () => {
    const res = await scim.get('/ResourceTypes');
    const byId = Object.fromEntries(res.body.Resources.map((r: { id: string }) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(['Group', 'User']);
    expect(byId.User.schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
    ]);
    const one = await scim.get('/ResourceTypes/User');
    expect(one.body.meta.location).toBe(`${SCIM_BASE}/ResourceTypes/User`);
  });

  it('Schemas: core User, Group and the enterprise extension with manager', async () => {
    const res = await scim.get('/Schemas');
    expect(res.body.Resources.map((s: { id: string }) => s.id).sort()).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    const ext = await scim.get(
      '/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    );
    const names = ext.body.attributes.map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining(['manager', 'department', 'employeeNumber']));
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)('%s on discovery is 405', async (m) => {
    const res = await t.http[m]('/scim/v2/ServiceProviderConfig').set(
      'Authorization',
      `Bearer ${(await createOrgWithScim(t, `d-${m}`)).token}`,
    );
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });
});
