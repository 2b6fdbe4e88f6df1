/**
 * Okta's SCIM 2.0 client, as Okta documents it: the request steps of its Runscope "Okta SCIM 2.0
 * SPEC Test" (named after the suite's own test notes), then the user lifecycle of its CRUD test
 * suite — assign (existence check, create), profile update by PUT, deactivation and
 * reactivation by PATCH `active`, and unassignment by a PUT carrying `active: false`.
 * Group Push lives in okta-groups.test.ts.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ERROR_SCHEMA, PATCH_OP, USER_SCHEMA } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  SCIM_BASE,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import {
  auditMark,
  auditSince,
  expectCredentialsRevoked,
  memberRow,
  readCredentials,
  seedCredentials,
} from './support/member-credentials.js';
import { filterQuery, vendorClient, type VendorClient } from './support/vendor-client.js';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** Headers of the Runscope suite's requests. */
const RUNSCOPE_HEADERS = {
  'User-Agent': 'OKTA SCIM Integration',
  Accept: 'application/scim+json',
  'Accept-Charset': 'utf-8',
  'Content-Type': 'application/scim+json; charset=utf-8',
};
/** Headers of Okta's provisioning client in production. */
const OKTA_HEADERS = { ...RUNSCOPE_HEADERS, 'User-Agent': 'Okta SCIM Client 1.0.0' };

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The user body Okta sends on assignment, with the Okta user id as externalId. */
function oktaUser(userName: string, given: string, family: string, extra = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    groups: [],
    active: true,
    ...extra,
  };
}

describe('Okta SCIM 2.0 SPEC Test (Runscope)', () => {
  let org: TestOrg;
  let okta: VendorClient;
  let existingId: string;
  let createdId: string;
  const realistic = oktaUser('Kiona.Okafor@acme-okta.example', 'Kiona', 'Okafor');

  beforeAll(async () => {
    org = await createOrgWithScim(t, 'okta-spec');
    okta = vendorClient(t, org.token, RUNSCOPE_HEADERS);
    // The suite expects the directory to hold at least one user already.
    const res = await okta.post('/Users', oktaUser('seed.user@acme-okta.example', 'Seed', 'User'));
    existingId = res.body.id;
  });

  it('Required Test: Test Users endpoint', async () => {
    const res = await okta.get('/Users?count=1&startIndex=1');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({ schemas: [LIST_RESPONSE], startIndex: 1, itemsPerPage: 1 });
    expect(res.body.totalResults).toBe(1);
    const [first] = res.body.Resources;
    expect(first).toMatchObject({
      id: existingId,
      userName: 'seed.user@acme-okta.example',
      name: { givenName: 'Seed', familyName: 'User' },
      active: true,
      emails: [{ value: 'seed.user@acme-okta.example' }],
    });
  });

  it('Required Test: Get Users/{{id}}', async () => {
    const res = await okta.get(`/Users/${existingId}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: existingId, userName: 'seed.user@acme-okta.example' });
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(res.body.meta.location).toBe(`${SCIM_BASE}/Users/${existingId}`);
  });

  it('Required Test: Test invalid User by username', async () => {
    const res = await okta.get(`/Users?${filterQuery('userName eq "invalid-okta@example.com"')}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 0, Resources: [] });
  });

  it('Required Test: Test invalid User by ID', async () => {
    const res = await okta.get(`/Users/${randomUUID()}`);

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
  });

  it("Required Test: Make sure random user doesn't exist", async () => {
    const res = await okta.get(
      `/Users?${filterQuery(`userName eq "${realistic.userName}"`)}&startIndex=1&count=100`,
    );
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
  });

  it('Required Test: Create Okta user with realistic values', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.post('/Users', realistic);
    createdId = res.body.id;

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Users/${createdId}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body).toMatchObject({
      userName: realistic.userName,
      externalId: realistic.externalId,
      active: true,
      meta: { resourceType: 'User', version: 'W/"1"', location: res.headers.location },
    });
    // `groups` is read-only: the `[]` Okta sends is ignored, not stored or echoed.
    expect(res.body.groups).toBeUndefined();

    expect(await memberRow(t, createdId)).toMatchObject({
      status: 'active',
      source: 'scim',
      roleName: 'member',
      scimConnectionId: org.connectionId,
      externalId: realistic.externalId,
    });
    expect(await auditSince(t, org.id, mark)).toEqual([
      expect.objectContaining({
        action: 'organization.member.provisioned',
        actorType: 'scim_connection',
        actorId: org.connectionId,
        targetId: createdId,
        userAgent: 'OKTA SCIM Integration',
      }),
    ]);
  });

  it('Required Test: Verify that user was created', async () => {
    const res = await okta.get(`/Users/${createdId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userName: realistic.userName,
      name: realistic.name,
      emails: realistic.emails,
      displayName: realistic.displayName,
      locale: 'en-US',
    });
  });

  it('Required Test: Expect failure when recreating user with same values', async () => {
    const res = await okta.post('/Users', realistic);

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      schemas: [ERROR_SCHEMA],
      status: '409',
      scimType: 'uniqueness',
    });
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM members WHERE org_id = $1 AND lower(user_name) = lower($2)',
      [org.id, realistic.userName],
    );
    expect(n).toBe(1);
  });

  it('Required Test: Username Case Sensitivity Check', async () => {
    const upper = realistic.userName.toUpperCase();
    const res = await okta.get(`/Users?${filterQuery(`userName eq "${upper}"`)}`);

    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].id).toBe(createdId);
  });

  it('Optional Test: Check status 401', async () => {
    const res = await vendorClient(t, 'scim_bogus_token', RUNSCOPE_HEADERS).get('/Users');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
  });
});

describe('Okta SCIM 2.0 CRUD Test: assign, update, deactivate, reactivate, unassign', () => {
  let org: TestOrg;
  let okta: VendorClient;
  let id: string;
  const user = oktaUser('ren.takahashi@acme-okta.example', 'Ren', 'Takahashi');
  const renamed = { ...user, name: { givenName: 'Renji', familyName: 'Takahashi' } };

  beforeAll(async () => {
    org = await createOrgWithScim(t, 'okta-crud');
    okta = vendorClient(t, org.token, OKTA_HEADERS);
  });

  it('assigns the user: userName lookup finds nothing, then POST creates it', async () => {
    const query = `${filterQuery(`userName eq "${user.userName}"`)}&startIndex=1&count=100`;
    const lookup = await okta.get(`/Users?${query}`);
    expect(lookup.body.totalResults).toBe(0);

    // Okta sends a generated password on create when password sync is on.
    const res = await okta.post('/Users', { ...user, password: 'Okta-Generated-9f3k' });
    id = res.body.id;
    expect(res.status).toBe(201);
    expect(res.body.password).toBeUndefined();

    const [row] = await t.db.query('SELECT password_hash, locale FROM members WHERE id = $1', [id]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.locale).toBe('en-US');
    const found = await okta.get(`/Users?${query}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('updates firstName with a PUT of the whole user', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.put(`/Users/${id}`, { ...renamed, id });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.body).toMatchObject({ name: { givenName: 'Renji' }, active: true });
    const [row] = await t.db.query('SELECT name_given_name FROM members WHERE id = $1', [id]);
    expect(row.name_given_name).toBe('Renji');

    const events = await auditSince(t, org.id, mark);
    expect(events.map((e) => e.action)).toEqual(['organization.member.updated']);
    expect(events[0]!.payload).toMatchObject({ changed: 'nameGivenName', passwordChanged: false });
    expect(events[0]!.userAgent).toBe('Okta SCIM Client 1.0.0');
  });

  it('pushes the same profile again: an unchanged PUT keeps the version', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.put(`/Users/${id}`, { ...renamed, id });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(await auditSince(t, org.id, mark)).toEqual([]);
  });

  it('syncs a new password with PATCH replace {password}: only a new hash is stored', async () => {
    const [before] = await t.db.query('SELECT password_hash FROM members WHERE id = $1', [id]);
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { password: 'Rotated-By-Okta-77q' } }],
    });

    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('Rotated-By-Okta-77q');
    const [after] = await t.db.query('SELECT password_hash FROM members WHERE id = $1', [id]);
    expect(after.password_hash).toMatch(/^scrypt\$/);
    expect(after.password_hash).not.toBe(before.password_hash);
    const events = await auditSince(t, org.id, mark);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ changed: '', passwordChanged: true }),
    ]);
    expect(JSON.stringify(events)).not.toContain('Rotated-By-Okta-77q');
  });

  it('deactivates the user with PATCH replace {active:false}: access ends', async () => {
    const seeded = await seedCredentials(t, org.id, id);
    t.clock.advance(60_000);
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(await memberRow(t, id)).toMatchObject({ status: 'deprovisioned', deletedAt: null });
    await expectCredentialsRevoked(t, id, seeded, t.clock.now());

    const actions = (await auditSince(t, org.id, mark)).map((e) => [e.action, e.targetId]);
    expect(actions).toEqual([
      ['organization.member.deprovisioned', id],
      ['organization.api_key.revoked', seeded.apiKeyId],
      ['organization.invitation.canceled', seeded.sentInvitationId],
    ]);
  });

  it('still answers GET for the deactivated user, with active false', async () => {
    const res = await okta.get(`/Users/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);

    const filtered = await okta.get(`/Users?${filterQuery(`userName eq "${user.userName}"`)}`);
    expect(filtered.body.Resources).toEqual([expect.objectContaining({ id, active: false })]);
  });

  it('reactivates with PATCH replace {active:true}: revoked keys stay revoked', async () => {
    const before = await readCredentials(t, id);
    t.clock.advance(60_000);
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(true);
    expect(await memberRow(t, id)).toMatchObject({ status: 'active' });
    expect(await readCredentials(t, id)).toEqual(before);
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.member.reactivated',
    ]);
  });

  it('repeats the reactivation without effect (Okta retries)', async () => {
    const { version } = await memberRow(t, id);
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });

    expect(res.status).toBe(200);
    expect((await memberRow(t, id)).version).toBe(version);
    expect(await auditSince(t, org.id, mark)).toEqual([]);
  });

  it('unassigns with a PUT carrying active:false: new credentials are revoked', async () => {
    const seeded = await seedCredentials(t, org.id, id);
    t.clock.advance(60_000);
    const res = await okta.put(`/Users/${id}`, { ...renamed, id, active: false });

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await memberRow(t, id)).toMatchObject({ status: 'deprovisioned' });
    await expectCredentialsRevoked(t, id, seeded, t.clock.now());
    const { apiKeys } = await readCredentials(t, id);
    expect(apiKeys).toHaveLength(2);
    expect(apiKeys.every((k) => k.revokedReason === 'member_deprovisioned')).toBe(true);
  });
});
