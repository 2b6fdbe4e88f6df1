import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ENTERPRISE, patchBody, userBody, USER_SCHEMA } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  SCIM_BASE,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;
let scim: ScimClient;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'users-org');
  scim = scimClient(t, org.token);
});
afterAll(() => t.close());

describe('RFC 7644 §3.3 creating Users', () => {
  it('answers 201 with Location, ETag and the stored resource', async () => {
    const res = await scim.post('/Users', userBody('create@example.com', { externalId: 'ext-1' }));

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Users/${res.body.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: 'create@example.com',
      externalId: 'ext-1',
      active: true,
      meta: { resourceType: 'User', version: 'W/"1"', location: res.headers.location },
    });
  });

  it('refuses a duplicate userName in any case with 409 uniqueness', async () => {
    await scim.post('/Users', userBody('Dup@Example.com')).expect(201);
    const res = await scim.post('/Users', userBody('dup@EXAMPLE.com'));

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const [{ n }] = await t.db.query(
      "SELECT count(*)::int AS n FROM members WHERE lower(user_name) = 'dup@example.com'",
    );
    expect(n).toBe(1);
  });

  it('refuses a duplicate externalId with 409 uniqueness', async () => {
    await scim.post('/Users', userBody('ext-a@example.com', { externalId: 'same' })).expect(201);
    const res = await scim.post('/Users', userBody('ext-b@example.com', { externalId: 'same' }));
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
  });

  it('accepts a password, stores only a hash, never returns it', async () => {
    const res = await scim.post('/Users', userBody('pw@example.com', { password: 'S3cret!pass' }));
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('S3cret!pass');
    expect(res.body.password).toBeUndefined();

    const [row] = await t.db.query('SELECT password_hash FROM members WHERE id = $1', [
      res.body.id,
    ]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('S3cret!pass');
    const got = await scim.get(`/Users/${res.body.id}?attributes=password,userName`);
    expect(got.body.password).toBeUndefined();
  });

  it('stores the enterprise extension with manager and renders its displayName', async () => {
    const boss = await scim.post(
      '/Users',
      userBody('boss@example.com', { displayName: 'The Boss' }),
    );
    const res = await scim.post(
      '/Users',
      userBody('report@example.com', {
        schemas: [USER_SCHEMA, ENTERPRISE],
        [ENTERPRISE]: { department: 'R&D', employeeNumber: '42', manager: { value: boss.body.id } },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.schemas).toEqual([USER_SCHEMA, ENTERPRISE]);
    expect(res.body[ENTERPRISE]).toMatchObject({
      department: 'R&D',
      employeeNumber: '42',
      manager: { value: boss.body.id, displayName: 'The Boss' },
    });
  });

  it('refuses a manager who is not a member of the organization', async () => {
    const res = await scim.post(
      '/Users',
      userBody('orphan@example.com', {
        [ENTERPRISE]: { manager: { value: '00000000-0000-4000-8000-000000000000' } },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
  });
});

describe('RFC 7644 §3.5.1 PUT replaces the whole resource', () => {
  it('clears attributes the body leaves out and ignores read-only ones', async () => {
    const created = await scim.post(
      '/Users',
      userBody('put@example.com', { title: 'Engineer', nickName: 'putty' }),
    );
    const res = await scim.put(`/Users/${created.body.id}`, {
      schemas: [USER_SCHEMA],
      id: 'ignored-id',
      meta: { created: '1999-01-01T00:00:00Z' },
      userName: 'put@example.com',
      displayName: 'Put Person',
    });

    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.body.id);
    expect(res.body.displayName).toBe('Put Person');
    expect(res.body.title).toBeUndefined();
    expect(res.body.nickName).toBeUndefined();
    expect(res.body.emails).toBeUndefined();
    expect(res.body.meta.created).toBe(created.body.meta.created);
    expect(res.body.active).toBe(true);
  });
});

describe('RFC 7644 §3.5.2 PATCH', () => {
  it('returns 200 with the resource and a new version', async () => {
    const created = await scim.post('/Users', userBody('patch@example.com'));
    const res = await scim.patch(
      `/Users/${created.body.id}`,
      patchBody({ op: 'replace', path: 'title', value: 'Manager' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Manager');
    expect(res.headers.etag).toBe('W/"2"');
  });

  it('is atomic: a failing second operation leaves the member unchanged', async () => {
    const created = await scim.post('/Users', userBody('atomic@example.com', { title: 'Before' }));
    const res = await scim.patch(
      `/Users/${created.body.id}`,
      patchBody(
        { op: 'replace', path: 'title', value: 'After' },
        { op: 'replace', path: 'active', value: 'not-a-boolean' },
      ),
    );
    expect(res.status).toBe(400);
    const after = await scim.get(`/Users/${created.body.id}`);
    expect(after.body.title).toBe('Before');
    expect(after.headers.etag).toBe('W/"1"');
  });

  it('a rename onto another member’s userName is 409 and changes nothing', async () => {
    await scim.post('/Users', userBody('taken@example.com')).expect(201);
    const created = await scim.post('/Users', userBody('renamer@example.com'));
    const res = await scim.patch(
      `/Users/${created.body.id}`,
      patchBody({ op: 'replace', path: 'userName', value: 'TAKEN@example.com' }),
    );
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
    const after = await scim.get(`/Users/${created.body.id}`);
    expect(after.body.userName).toBe('renamer@example.com');
  });
});

describe('RFC 7644 §3.14 versions', () => {
  it('refuses a write with a stale If-Match with 412 and accepts the current one', async () => {
    const created = await scim.post('/Users', userBody('etag@example.com'));
    const id = created.body.id;
    await scim.patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'v2' }));

    const stale = await scim
      .patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'v3' }))
      .set('If-Match', 'W/"1"');
    expect(stale.status).toBe(412);

    const fresh = await scim
      .patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'v3' }))
      .set('If-Match', 'W/"2"');
    expect(fresh.status).toBe(200);
    expect(fresh.body.title).toBe('v3');
  });

  it('answers 304 to If-None-Match with the current version', async () => {
    const created = await scim.post('/Users', userBody('304@example.com'));
    const res = await scim.get(`/Users/${created.body.id}`).set('If-None-Match', 'W/"1"');
    expect(res.status).toBe(304);
  });
});

describe('RFC 7644 §3.6 DELETE', () => {
  it('answers 204, then 404, and frees the userName for re-provisioning', async () => {
    const created = await scim.post('/Users', userBody('gone@example.com'));
    await scim.delete(`/Users/${created.body.id}`).expect(204);
    await scim.get(`/Users/${created.body.id}`).expect(404);
    await scim.delete(`/Users/${created.body.id}`).expect(404);

    const again = await scim.post('/Users', userBody('gone@example.com'));
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(created.body.id);
  });
});
