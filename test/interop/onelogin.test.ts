/**
 * OneLogin's "SCIM Provisioner with SAML (SCIM v2 Enterprise)" connector. OneLogin builds each
 * user body from the admin's SCIM JSON template, so unset parameters arrive as "" and
 * `{$user.active}` as the string "true"; it looks users up by userName with a trailing "&",
 * updates with PUT (whose `schemas` list may hold 1.1-era URIs), sends no or an empty
 * User-Agent, learns the app's groups by "Refresh Entitlements" (GET /Groups) instead of
 * creating them, and on "When users are deleted in OneLogin…" either suspends or deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ENTERPRISE, PATCH_OP, USER_SCHEMA } from '../support/scim-bodies.js';
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
  seedCredentials,
  teamMemberIds,
} from './support/member-credentials.js';
import { vendorClient, type VendorClient } from './support/vendor-client.js';

/** No User-Agent at all: the header is simply not sent. */
const ONELOGIN_HEADERS = { 'Content-Type': 'application/scim+json' };

let t: TestApp;
let org: TestOrg;
let onelogin: VendorClient;
let salesTeam: string;
let adminOnlyTeam: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'onelogin');
  onelogin = vendorClient(t, org.token, ONELOGIN_HEADERS);
  // OneLogin assigns users to groups the app already has; one is managed by this directory,
  // the other was made by an admin by hand and is not the IdP's to see.
  [{ id: salesTeam }] = await t.db.query(
    `INSERT INTO teams (org_id, display_name, scim_connection_id) VALUES ($1, 'Sales', $2)
     RETURNING id`,
    [org.id, org.connectionId],
  );
  [{ id: adminOnlyTeam }] = await t.db.query(
    `INSERT INTO teams (org_id, display_name) VALUES ($1, 'Board') RETURNING id`,
    [org.id],
  );
});
afterAll(() => t.close());

/** What the SCIM v2 Enterprise template renders for a user with no title or manager set. */
function templateUser(userName: string, given: string, family: string, active = 'true') {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    id: null,
    userName,
    name: { familyName: family, givenName: given, formatted: `${given} ${family}` },
    title: '',
    userType: '',
    emails: [{ value: userName, type: 'work', primary: true }],
    active,
    meta: { resourceType: 'User' },
    [ENTERPRISE]: {
      department: 'Sales',
      manager: { managerId: '', displayName: ' ' },
    },
  };
}

describe('OneLogin SCIM Provisioner (SCIM v2 Enterprise)', () => {
  let id: string;
  const userName = 'lucia.ferreira@acme-onelogin.example';

  it('Refresh Entitlements: GET /Groups lists only the directory-managed groups', async () => {
    const res = await onelogin.get('/Groups');

    expect(res.status).toBe(200);
    expect(res.body.Resources.map((g: { id: string }) => g.id)).toEqual([salesTeam]);
    expect(res.body.Resources.map((g: { id: string }) => g.id)).not.toContain(adminOnlyTeam);
  });

  it('looks the user up by userName, with the trailing "&" OneLogin appends', async () => {
    const res = await onelogin.get(
      `/Users?filter=userName+eq+%22${encodeURIComponent(userName)}%22&`,
    );

    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
  });

  it('creates the user from the template: "" is unset, "true" is a boolean', async () => {
    const mark = await auditMark(t, org.id);
    const res = await onelogin.post('/Users', templateUser(userName, 'Lucia', 'Ferreira'));
    id = res.body.id;

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Users/${id}`);
    expect(res.body).toMatchObject({ active: true, [ENTERPRISE]: { department: 'Sales' } });
    expect(res.body.title).toBeUndefined();
    expect(res.body[ENTERPRISE].manager).toBeUndefined();

    const [row] = await t.db.query(
      'SELECT title, user_type, department, manager_id, status FROM members WHERE id = $1',
      [id],
    );
    expect(row).toEqual({
      title: null,
      user_type: null,
      department: 'Sales',
      manager_id: null,
      status: 'active',
    });
    // Missing User-Agent: accepted, and recorded as unknown rather than invented.
    expect(await auditSince(t, org.id, mark)).toEqual([
      expect.objectContaining({ action: 'organization.member.provisioned', userAgent: null }),
    ]);
  });

  it('pushes a profile change with PUT, 1.1-era schema URIs and an empty User-Agent', async () => {
    const body = {
      ...templateUser(userName, 'Lucia', 'Ferreira-Lopes'),
      schemas: ['urn:scim:schemas:core:2.0', 'urn:scim:schemas:extension:enterprise:2.0'],
      title: 'Account Executive',
    };
    const res = await onelogin.put(`/Users/${id}`, body).set('User-Agent', '');

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE],
      title: 'Account Executive',
      name: { familyName: 'Ferreira-Lopes' },
    });
    const [row] = await t.db.query(
      'SELECT title, name_family_name, version FROM members WHERE id = $1',
      [id],
    );
    expect(row).toEqual({
      title: 'Account Executive',
      name_family_name: 'Ferreira-Lopes',
      version: 2,
    });
  });

  it('adds the user to a group by rule: PATCH add on members', async () => {
    const mark = await auditMark(t, org.id);
    const res = await onelogin.patch(`/Groups/${salesTeam}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    });

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, salesTeam)).toEqual([id]);
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.members_added',
    ]);
    const user = await onelogin.get(`/Users/${id}`);
    expect(user.body.groups).toEqual([
      expect.objectContaining({ value: salesTeam, display: 'Sales' }),
    ]);
  });

  it('Suspend: a PUT of the template with active "false" ends access', async () => {
    const seeded = await seedCredentials(t, org.id, id);
    t.clock.advance(2 * 60_000);
    const body = { ...templateUser(userName, 'Lucia', 'Ferreira-Lopes', 'false') };
    const res = await onelogin.put(`/Users/${id}`, { ...body, title: 'Account Executive' });

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await memberRow(t, id)).toMatchObject({ status: 'deprovisioned', deletedAt: null });
    await expectCredentialsRevoked(t, id, seeded, t.clock.now());
    // Suspension keeps group membership: restoring access restores the groups.
    expect(await teamMemberIds(t, salesTeam)).toEqual([id]);
  });

  it('restores access with active "true"', async () => {
    const body = {
      ...templateUser(userName, 'Lucia', 'Ferreira-Lopes'),
      title: 'Account Executive',
    };
    const res = await onelogin.put(`/Users/${id}`, body);

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(true);
    expect(await memberRow(t, id)).toMatchObject({ status: 'active' });
  });

  it('removes the user from the group: PATCH remove with the member in value', async () => {
    const res = await onelogin.patch(`/Groups/${salesTeam}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'members', value: [{ value: id }] }],
    });

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, salesTeam)).toEqual([]);
  });

  it('Delete: DELETE /Users/{id} revokes access and retires the member', async () => {
    await onelogin.patch(`/Groups/${salesTeam}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    });
    const seeded = await seedCredentials(t, org.id, id);
    t.clock.advance(2 * 60_000);
    const mark = await auditMark(t, org.id);
    const res = await onelogin.delete(`/Users/${id}`);

    expect(res.status).toBe(204);
    expect(await memberRow(t, id)).toMatchObject({
      status: 'deprovisioned',
      deletedAt: t.clock.now(),
    });
    await expectCredentialsRevoked(t, id, seeded, t.clock.now());
    expect(await teamMemberIds(t, salesTeam)).toEqual([]);
    const actions = (await auditSince(t, org.id, mark)).map((e) => e.action);
    expect(actions[0]).toBe('organization.member.deprovisioned');
    expect(actions.at(-1)).toBe('organization.member.deleted');
    expect((await onelogin.get(`/Users/${id}`)).status).toBe(404);
  });
});
