/**
 * Microsoft Entra ID's provisioning service, group side, following the "Group Operations" of its
 * SCIM endpoint tutorial: the lookup by displayName with `excludedAttributes=members`, create
 * with Entra's own schema URI in `schemas`, capitalised "Add"/"Remove" on `members` with a
 * `value` array, the `members[value eq "…"]` form its newer dialect uses, re-adding an existing
 * member, and delete — and what deleting a user does to the groups it was in.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { GROUP_SCHEMA, PATCH_OP, userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  SCIM_BASE,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import { auditMark, auditSince, memberRow, teamMemberIds } from './support/member-credentials.js';
import { filterQuery, vendorClient, type VendorClient } from './support/vendor-client.js';

/** The schema URI Entra lists beside the core Group schema; Tessera does not define it. */
const ENTRA_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group';
const ENTRA_HEADERS = { Accept: 'application/scim+json', 'Content-Type': 'application/scim+json' };

let t: TestApp;
let org: TestOrg;
let entra: VendorClient;
let users: string[];
let groupId: string;
const externalId = randomUUID();

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'entra-groups');
  entra = vendorClient(t, org.token, ENTRA_HEADERS);
  users = [];
  for (const name of ['ana', 'bo', 'cy']) {
    users.push((await entra.post('/Users', userBody(`${name}@contoso.example`))).body.id);
  }
});
afterAll(() => t.close());

const patch = (...operations: Record<string, unknown>[]) => ({
  schemas: [PATCH_OP],
  Operations: operations,
});
const byDisplayName = (name: string) =>
  `/Groups?excludedAttributes=members&${filterQuery(`displayName eq "${name}"`)}`;

describe('Microsoft Entra ID group provisioning', () => {
  it('Get Group by displayName finds nothing before the create', async () => {
    const res = await entra.get(byDisplayName('Finance Approvers'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it("Create Group, with Entra's extra schema URI and meta tolerated", async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.post('/Groups', {
      schemas: [GROUP_SCHEMA, ENTRA_GROUP_SCHEMA],
      externalId,
      displayName: 'Finance Approvers',
      meta: { resourceType: 'Group' },
    });
    groupId = res.body.id;

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Groups/${groupId}`);
    expect(res.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      externalId,
      displayName: 'Finance Approvers',
      meta: { version: 'W/"1"' },
    });
    const [row] = await t.db.query(
      'SELECT external_id, scim_connection_id FROM teams WHERE id = $1',
      [groupId],
    );
    expect(row).toEqual({ external_id: externalId, scim_connection_id: org.connectionId });
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.created',
    ]);
  });

  it('Update Group [Add Members]: "Add" on members with a value array', async () => {
    const value = users.map((id) => ({ $ref: null, value: id }));
    const res = await entra.patch(
      `/Groups/${groupId}`,
      patch({ op: 'Add', path: 'members', value }),
    );

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([...users].sort());
  });

  it('adds a member that is already there: no duplicate, no audit event', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.patch(
      `/Groups/${groupId}`,
      patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: users[0] }] }),
    );

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([...users].sort());
    expect(await auditSince(t, org.id, mark)).toEqual([]);
  });

  it('Get Group with excludedAttributes=members, alone and by displayName', async () => {
    const one = await entra.get(`/Groups/${groupId}?excludedAttributes=members`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: groupId, displayName: 'Finance Approvers', externalId });
    expect(one.body.members).toBeUndefined();
    expect(one.headers.etag).toBe(one.body.meta.version);

    const list = await entra.get(byDisplayName('Finance Approvers'));
    expect(list.body.totalResults).toBe(1);
    expect(list.body.Resources[0].id).toBe(groupId);
    expect(list.body.Resources[0].members).toBeUndefined();
  });

  it('Update Group [Non-member attributes]: "Replace" displayName', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.patch(
      `/Groups/${groupId}`,
      patch({ op: 'Replace', path: 'displayName', value: 'Finance Approvers EMEA' }),
    );

    expect(res.status).toBe(204);
    const [row] = await t.db.query('SELECT display_name FROM teams WHERE id = $1', [groupId]);
    expect(row.display_name).toBe('Finance Approvers EMEA');
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.updated',
    ]);
    expect(await teamMemberIds(t, groupId)).toHaveLength(3);
  });

  it('Update Group [Remove Members]: "Remove" on members with a value array', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.patch(
      `/Groups/${groupId}`,
      patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: users[0] }] }),
    );

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([users[1], users[2]].sort());
    const [event] = await auditSince(t, org.id, mark);
    expect(event).toMatchObject({
      action: 'organization.team.members_removed',
      payload: { memberIds: users[0] },
    });
  });

  it('repeats the Remove (Entra retries): nothing more is removed or recorded', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.patch(
      `/Groups/${groupId}`,
      patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: users[0] }] }),
    );

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([users[1], users[2]].sort());
    expect(await auditSince(t, org.id, mark)).toEqual([]);
  });

  it('removes a member with the members[value eq "…"] path', async () => {
    const res = await entra.patch(
      `/Groups/${groupId}`,
      patch({ op: 'remove', path: `members[value eq "${users[1]}"]` }),
    );

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([users[2]]);
  });

  it('Delete User takes the user out of every group', async () => {
    const res = await entra.delete(`/Users/${users[2]}`);

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([]);
    expect(await memberRow(t, users[2]!)).toMatchObject({ status: 'deprovisioned' });
    const group = await entra.get(`/Groups/${groupId}`);
    expect(group.body.members).toBeUndefined();
  });

  it('Delete Group', async () => {
    const mark = await auditMark(t, org.id);
    const res = await entra.delete(`/Groups/${groupId}`);

    expect(res.status).toBe(204);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM teams WHERE id = $1', [
      groupId,
    ]);
    expect(n).toBe(0);
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.deleted',
    ]);
    expect((await entra.get(byDisplayName('Finance Approvers EMEA'))).body.totalResults).toBe(0);
  });
});

describe('Microsoft Entra ID sends membership changes for one group in parallel', () => {
  it('applies every concurrent "Add", each once, with one audit event each', async () => {
    const created = await entra.post('/Groups', {
      schemas: [GROUP_SCHEMA, ENTRA_GROUP_SCHEMA],
      displayName: 'Parallel Adds',
    });
    const id = created.body.id;
    const people: string[] = [];
    for (const name of ['dee', 'eli', 'fay', 'gus']) {
      people.push((await entra.post('/Users', userBody(`${name}@contoso.example`))).body.id);
    }
    const mark = await auditMark(t, org.id);

    const results = await Promise.allSettled(
      people.map((value) =>
        entra.patch(`/Groups/${id}`, patch({ op: 'Add', path: 'members', value: [{ value }] })),
      ),
    );

    expect(results.map((r) => r.status === 'fulfilled' && r.value.status)).toEqual([
      204, 204, 204, 204,
    ]);
    expect(await teamMemberIds(t, id)).toEqual([...people].sort());
    const events = await auditSince(t, org.id, mark);
    expect(events.map((e) => e.payload.memberIds).sort()).toEqual([...people].sort());
    const [{ version }] = await t.db.query('SELECT version FROM teams WHERE id = $1', [id]);
    expect(version).toBe(1 + people.length);
  });
});
