/**
 * JumpCloud's Custom SCIM Identity Management integration. JumpCloud documents that activating
 * the integration runs a test with a test user and a test group, both deleted afterwards; that
 * users reach the app through user groups bound to it, which are pushed as SCIM Groups; and
 * that a user removed from the bound group is deactivated. Its group membership PATCHes name
 * members in a `value` array (no filter path) for both add and remove.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ENTERPRISE, GROUP_SCHEMA, PATCH_OP, USER_SCHEMA } from '../support/scim-bodies.js';
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
  teamMemberIds,
} from './support/member-credentials.js';
import { filterQuery, vendorClient, type VendorClient } from './support/vendor-client.js';

const JUMPCLOUD_HEADERS = { Accept: 'application/scim+json', 'Content-Type': 'application/json' };

let t: TestApp;
let org: TestOrg;
let jc: VendorClient;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'jumpcloud');
  jc = vendorClient(t, org.token, JUMPCLOUD_HEADERS);
});
afterAll(() => t.close());

function jumpcloudUser(userName: string, given: string, family: string, department: string) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    userName,
    displayName: `${given} ${family}`,
    name: { givenName: given, familyName: family },
    emails: [{ value: userName, type: 'work', primary: true }],
    title: 'Engineer',
    active: true,
    [ENTERPRISE]: { department, employeeNumber: `JC-${family.length}${given.length}` },
  };
}

const members = (op: string, ids: string[]) => ({
  schemas: [PATCH_OP],
  Operations: [{ op, path: 'members', value: ids.map((value) => ({ value })) }],
});
const setActive = (value: boolean) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: 'replace', path: 'active', value }],
});

async function liveRows(userName: string) {
  return t.db.query(
    `SELECT id, deleted_at AS "deletedAt" FROM members
      WHERE org_id = $1 AND lower(user_name) = lower($2) ORDER BY created_at, id`,
    [org.id, userName],
  );
}

describe('JumpCloud Identity Management: Test connection', () => {
  const testUser = 'scim-test@acme-jc.example';
  let userId: string;
  let groupId: string;

  it('creates the test user after a userName lookup', async () => {
    const lookup = await jc.get(`/Users?${filterQuery(`userName eq "${testUser}"`)}`);
    expect(lookup.body.totalResults).toBe(0);

    const res = await jc.post('/Users', jumpcloudUser(testUser, 'Scim', 'Test', 'IT'));
    userId = res.body.id;
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Users/${userId}`);
  });

  it('creates the test group', async () => {
    const res = await jc.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'JC SCIM test' });
    groupId = res.body.id;

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Groups/${groupId}`);
  });

  it('deletes the test group, then the test user', async () => {
    const mark = await auditMark(t, org.id);
    expect((await jc.delete(`/Groups/${groupId}`)).status).toBe(204);
    expect((await jc.delete(`/Users/${userId}`)).status).toBe(204);

    expect(await t.db.query('SELECT id FROM teams WHERE id = $1', [groupId])).toEqual([]);
    expect(await memberRow(t, userId)).toMatchObject({ status: 'deprovisioned' });
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.deleted',
      'organization.member.deprovisioned',
      'organization.member.deleted',
    ]);
  });

  it('runs the test again with the same test user: a new member, the old row kept', async () => {
    t.clock.advance(60 * 60_000);
    const res = await jc.post('/Users', jumpcloudUser(testUser, 'Scim', 'Test', 'IT'));

    expect(res.status).toBe(201);
    const rows = await liveRows(testUser);
    expect(rows.map((r: { id: string }) => r.id)).toEqual([userId, res.body.id]);
    expect(rows[0].deletedAt).not.toBeNull();
    expect(rows[1].deletedAt).toBeNull();
    await jc.delete(`/Users/${res.body.id}`).expect(204);
  });
});

describe('JumpCloud Identity Management: a user group bound to the app', () => {
  let priya: string;
  let tomas: string;
  let groupId: string;

  it('provisions each member of the bound group', async () => {
    const bodies = [
      jumpcloudUser('priya.nair@acme-jc.example', 'Priya', 'Nair', 'Platform'),
      jumpcloudUser('tomas.berg@acme-jc.example', 'Tomas', 'Berg', 'Platform'),
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const lookup = await jc.get(`/Users?${filterQuery(`userName eq "${body.userName}"`)}`);
      expect(lookup.body.totalResults).toBe(0);
      const res = await jc.post('/Users', body);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    [priya, tomas] = ids as [string, string];
    expect(await memberRow(t, priya)).toMatchObject({ status: 'active', source: 'scim' });
  });

  it('pushes the group, then adds its members with a value array', async () => {
    const created = await jc.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'platform-team',
    });
    groupId = created.body.id;
    expect(created.status).toBe(201);

    const mark = await auditMark(t, org.id);
    const res = await jc.patch(`/Groups/${groupId}`, members('add', [priya, tomas]));
    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([priya, tomas].sort());
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.members_added',
    ]);
  });

  it('pushes an attribute change as a full PUT of the user', async () => {
    const body = { ...jumpcloudUser('priya.nair@acme-jc.example', 'Priya', 'Nair', 'SRE') };
    const res = await jc.put(`/Users/${priya}`, { ...body, title: 'Staff Engineer' });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.body).toMatchObject({
      title: 'Staff Engineer',
      [ENTERPRISE]: { department: 'SRE' },
    });
    const [row] = await t.db.query('SELECT title, department FROM members WHERE id = $1', [priya]);
    expect(row).toEqual({ title: 'Staff Engineer', department: 'SRE' });
  });

  it('suspends a user in JumpCloud: active false ends access, membership stays', async () => {
    const seeded = await seedCredentials(t, org.id, priya);
    t.clock.advance(30_000);
    const res = await jc.patch(`/Users/${priya}`, setActive(false));

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await memberRow(t, priya)).toMatchObject({ status: 'deprovisioned' });
    await expectCredentialsRevoked(t, priya, seeded, t.clock.now());
    expect(await teamMemberIds(t, groupId)).toContain(priya);
  });

  it('unsuspends the user: active again, revoked credentials stay revoked', async () => {
    const before = await readCredentials(t, priya);
    const res = await jc.patch(`/Users/${priya}`, setActive(true));

    expect(res.status).toBe(200);
    expect(await memberRow(t, priya)).toMatchObject({ status: 'active' });
    expect(await readCredentials(t, priya)).toEqual(before);
  });

  it('removes a user from the bound group: out of the group, then deactivated', async () => {
    const seeded = await seedCredentials(t, org.id, tomas);
    t.clock.advance(30_000);
    const mark = await auditMark(t, org.id);
    expect((await jc.patch(`/Groups/${groupId}`, members('remove', [tomas]))).status).toBe(204);
    expect((await jc.patch(`/Users/${tomas}`, setActive(false))).status).toBe(200);

    expect(await teamMemberIds(t, groupId)).toEqual([priya]);
    expect(await memberRow(t, tomas)).toMatchObject({ status: 'deprovisioned' });
    await expectCredentialsRevoked(t, tomas, seeded, t.clock.now());
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.members_removed',
      'organization.member.deprovisioned',
      'organization.api_key.revoked',
      'organization.invitation.canceled',
    ]);
  });

  it('unbinds the group: the group is deleted, its users remain', async () => {
    const res = await jc.delete(`/Groups/${groupId}`);

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([]);
    expect(await memberRow(t, priya)).toMatchObject({ status: 'active', deletedAt: null });
    expect((await jc.get(`/Groups/${groupId}`)).status).toBe(404);
  });
});
