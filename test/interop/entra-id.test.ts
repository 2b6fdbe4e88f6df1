/**
 * Microsoft Entra ID's provisioning service, user side, as its "Develop and plan provisioning
 * for a SCIM endpoint" tutorial lists the requests (the `it` names follow its headings) and as
 * its "Known issues … SCIM 2.0 protocol compliance" page describes the dialect: capitalised
 * `op`, booleans as strings, path-less replaces keyed by `name.givenName` and by full
 * enterprise URNs, `emails[type eq "work"].value` for a user with no work email yet, `manager`
 * as a bare id and cleared with "". Groups live in entra-id-groups.test.ts.
 */
import { randomUUID } from 'node:crypto';

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
  readCredentials,
  seedCredentials,
} from './support/member-credentials.js';
import { filterQuery, vendorClient, type VendorClient } from './support/vendor-client.js';

/** A custom extension Entra sends for directory extension attributes; Tessera does not know it. */
const CUSTOM_EXTENSION = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
const MANAGER_PATH = `${ENTERPRISE}:manager`;
const ENTRA_HEADERS = { Accept: 'application/scim+json', 'Content-Type': 'application/scim+json' };

let t: TestApp;
let org: TestOrg;
let entra: VendorClient;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'entra-users');
  entra = vendorClient(t, org.token, ENTRA_HEADERS);
});
afterAll(() => t.close());

const patch = (...operations: Record<string, unknown>[]) => ({
  schemas: [PATCH_OP],
  Operations: operations,
});

/** A user as Entra creates it: objectId as externalId, `meta` and an empty `roles` included. */
function entraUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE, CUSTOM_EXTENSION],
    externalId: randomUUID(),
    userName,
    active: true,
    meta: { resourceType: 'User' },
    roles: [],
    ...extra,
  };
}

async function profileOf(id: string) {
  const [row] = await t.db.query(
    `SELECT user_name, display_name, name_given_name, name_family_name, emails, employee_number,
            department, manager_id, nick_name
       FROM members WHERE id = $1`,
    [id],
  );
  return row;
}

describe('Microsoft Entra ID user provisioning', () => {
  let meera: string;
  let omar: string;
  const meeraUpn = 'meera.iyer@contoso.example';
  const meeraBody = entraUser(meeraUpn, {
    emails: [{ primary: true, type: 'work', value: 'meera.iyer@mail.contoso.example' }],
    name: { formatted: 'Meera Iyer', familyName: 'Iyer', givenName: 'Meera' },
    [ENTERPRISE]: { employeeNumber: '70211', department: 'Finance' },
    [CUSTOM_EXTENSION]: { costCentreCode: 'FIN-01' },
  });

  it('Get User by query - Zero results (userName and externalId)', async () => {
    for (const filter of [`userName eq "${meeraUpn}"`, `externalId eq "${meeraBody.externalId}"`]) {
      const res = await entra.get(`/Users?${filterQuery(filter)}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
    }
  });

  it('Create User (unknown extension schema and its key are ignored)', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.post('/Users', meeraBody);
    meera = res.body.id;

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Users/${meera}`);
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE],
      externalId: meeraBody.externalId,
      [ENTERPRISE]: { employeeNumber: '70211', department: 'Finance' },
      meta: { version: 'W/"1"' },
    });
    expect(res.body[CUSTOM_EXTENSION]).toBeUndefined();
    expect(res.body.roles).toBeUndefined();
    expect(await profileOf(meera)).toMatchObject({
      employee_number: '70211',
      department: 'Finance',
    });
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.member.provisioned',
    ]);
  });

  it('Create User without a mail attribute (the future manager)', async () => {
    const res = await entra.post('/Users', entraUser('omar.haddad@contoso.example'));
    omar = res.body.id;
    expect(res.status).toBe(201);
    expect(res.body.emails).toBeUndefined();
    expect((await profileOf(omar)).emails).toEqual([]);
  });

  it('Get User and Get User by query (userName, then externalId)', async () => {
    const byId = await entra.get(`/Users/${meera}`);
    expect(byId.status).toBe(200);
    expect(byId.headers.etag).toBe('W/"1"');

    // The SCIM validator's form: `+` for spaces, raw double quotes, an encoded `@`.
    const validatorStyle = `/Users?filter=userName+eq+"${meeraUpn.replace('@', '%40')}"`;
    const byExternalId = `/Users?${filterQuery(`externalId eq "${meeraBody.externalId}"`)}`;
    for (const url of [validatorStyle, byExternalId]) {
      const res = await entra.get(url);
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources[0]).toMatchObject({ id: meera, userName: meeraUpn });
    }
  });

  it('Update User [Multi-valued properties]: Replace emails[type eq "work"].value', async () => {
    const res = await entra.patch(
      `/Users/${meera}`,
      patch(
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'meera@mail.contoso.example',
        },
        { op: 'Replace', path: 'name.familyName', value: 'Iyer-Rao' },
      ),
    );

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    const row = await profileOf(meera);
    expect(row.emails).toEqual([
      { primary: true, type: 'work', value: 'meera@mail.contoso.example' },
    ]);
    expect(row.name_family_name).toBe('Iyer-Rao');
  });

  it('Update User [Single-valued properties]: Replace userName', async () => {
    const res = await entra.patch(
      `/Users/${meera}`,
      patch({ op: 'Replace', path: 'userName', value: 'meera.rao@contoso.example' }),
    );

    expect(res.status).toBe(200);
    expect(res.body.userName).toBe('meera.rao@contoso.example');
    expect((await profileOf(meera)).user_name).toBe('meera.rao@contoso.example');
  });

  it('replaces path-less, keyed by name.givenName and enterprise URNs', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.patch(
      `/Users/${meera}`,
      patch({
        op: 'replace',
        value: {
          displayName: 'Meera Rao',
          'name.givenName': 'Meera J.',
          [`${ENTERPRISE}:employeeNumber`]: '70299',
          [`${ENTERPRISE}:department`]: 'Treasury',
        },
      }),
    );

    expect(res.status).toBe(200);
    expect(await profileOf(meera)).toMatchObject({
      display_name: 'Meera Rao',
      name_given_name: 'Meera J.',
      name_family_name: 'Iyer-Rao',
      employee_number: '70299',
      department: 'Treasury',
    });
    const [event] = await auditSince(t, org.id, mark);
    expect(event!.payload.changed).toBe('displayName,nameGivenName,employeeNumber,department');
  });

  it('adds a single-valued attribute path-less: {"op":"add","value":{"nickName":…}}', async () => {
    const res = await entra.patch(
      `/Users/${meera}`,
      patch({ op: 'add', value: { nickName: 'Mee' } }),
    );
    expect(res.status).toBe(200);
    expect((await profileOf(meera)).nick_name).toBe('Mee');
  });

  it('Add emails[type eq "work"].value to a user that has no work email yet', async () => {
    const res = await entra.patch(
      `/Users/${omar}`,
      patch({
        op: 'Add',
        path: 'emails[type eq "work"].value',
        value: 'omar@mail.contoso.example',
      }),
    );

    expect(res.status).toBe(200);
    expect(res.body.emails).toEqual([{ type: 'work', value: 'omar@mail.contoso.example' }]);
    expect((await profileOf(omar)).emails).toEqual([
      { type: 'work', value: 'omar@mail.contoso.example' },
    ]);
  });

  it('Adds phoneNumbers[type eq "mobile"] and addresses[type eq "work"] parts', async () => {
    const res = await entra.patch(
      `/Users/${omar}`,
      patch(
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 20 7946 0018' },
        { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Leeds' },
        { op: 'Add', path: 'addresses[type eq "work"].country', value: 'GB' },
      ),
    );

    expect(res.status).toBe(200);
    const [row] = await t.db.query('SELECT phone_numbers, addresses FROM members WHERE id = $1', [
      omar,
    ]);
    expect(row.phone_numbers).toEqual([{ type: 'mobile', value: '+44 20 7946 0018' }]);
    expect(row.addresses).toEqual([{ type: 'work', locality: 'Leeds', country: 'GB' }]);
  });

  it('stores app roles sent with primary "True" without granting a Tessera role', async () => {
    const role = { primary: 'True', type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' };
    const res = await entra.patch(
      `/Users/${omar}`,
      patch({ op: 'Add', path: 'roles', value: [role] }),
    );

    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual([{ ...role, primary: true }]);
    expect(await memberRow(t, omar)).toMatchObject({ roleName: 'member' });
  });

  it('sets the manager from a bare id, and clears it with ""', async () => {
    const set = await entra.patch(
      `/Users/${meera}`,
      patch({ op: 'Add', path: MANAGER_PATH, value: omar }),
    );
    expect(set.status).toBe(200);
    expect(set.body[ENTERPRISE].manager).toEqual({
      value: omar,
      $ref: `${SCIM_BASE}/Users/${omar}`,
      displayName: 'omar.haddad@contoso.example',
    });
    expect((await profileOf(meera)).manager_id).toBe(omar);

    const cleared = await entra.patch(
      `/Users/${meera}`,
      patch({ op: 'Replace', path: MANAGER_PATH, value: '' }),
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body[ENTERPRISE].manager).toBeUndefined();
    expect((await profileOf(meera)).manager_id).toBeNull();
  });

  it('Disable User with the string boolean "False": access ends', async () => {
    const seeded = await seedCredentials(t, org.id, meera);
    t.clock.advance(5 * 60_000);
    const mark = await auditMark(t, org.id);
    const res = await entra.patch(
      `/Users/${meera}`,
      patch({ op: 'Replace', path: 'active', value: 'False' }),
    );

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await memberRow(t, meera)).toMatchObject({ status: 'deprovisioned', deletedAt: null });
    await expectCredentialsRevoked(t, meera, seeded, t.clock.now());
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.member.deprovisioned',
      'organization.api_key.revoked',
      'organization.invitation.canceled',
    ]);
    const listed = await entra.get(
      `/Users?${filterQuery(`externalId eq "${meeraBody.externalId}"`)}`,
    );
    expect(listed.body.Resources[0].active).toBe(false);
  });

  it('re-enables the user with "True": status returns, revoked keys do not', async () => {
    const before = await readCredentials(t, meera);
    t.clock.advance(5 * 60_000);
    const res = await entra.patch(
      `/Users/${meera}`,
      patch({ op: 'Replace', path: 'active', value: 'True' }),
    );

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(true);
    expect(await memberRow(t, meera)).toMatchObject({ status: 'active' });
    expect(await readCredentials(t, meera)).toEqual(before);
    expect(before.apiKeys[0]!.revokedReason).toBe('member_deprovisioned');
  });

  it('Delete User: credentials issued since are revoked, the row is retired', async () => {
    const seeded = await seedCredentials(t, org.id, meera);
    t.clock.advance(5 * 60_000);
    const mark = await auditMark(t, org.id);
    const res = await entra.delete(`/Users/${meera}`);

    expect(res.status).toBe(204);
    expect(await memberRow(t, meera)).toMatchObject({
      status: 'deprovisioned',
      deletedAt: t.clock.now(),
    });
    await expectCredentialsRevoked(t, meera, seeded, t.clock.now());
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.member.deprovisioned',
      'organization.api_key.revoked',
      'organization.invitation.canceled',
      'organization.member.deleted',
    ]);
    expect((await entra.get(`/Users/${meera}`)).status).toBe(404);
    const query = await entra.get(
      `/Users?${filterQuery('userName eq "meera.rao@contoso.example"')}`,
    );
    expect(query.body.totalResults).toBe(0);
  });

  it('provisions the same person again after the delete, as a new member', async () => {
    const again = { ...meeraBody, userName: 'meera.rao@contoso.example' };
    const res = await entra.post('/Users', again);

    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(meera);
    expect(await memberRow(t, res.body.id)).toMatchObject({ status: 'active', deletedAt: null });
    // The retired row keeps its history; the revoked keys stay with it.
    expect((await readCredentials(t, meera)).apiKeys.every((k) => k.revokedAt !== null)).toBe(true);
  });
});
