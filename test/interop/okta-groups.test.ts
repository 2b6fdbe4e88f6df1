/**
 * Okta Group Push, in the order Okta's SCIM 2.0 reference describes it: the displayName
 * existence check, create (with an empty member list), membership changes by PATCH, the rename
 * as a path-less replace that carries the group's own `id`, the read-back, and the delete when
 * the push is unlinked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { GROUP_SCHEMA, PATCH_OP, userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  SCIM_BASE,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import { auditMark, auditSince, memberRow, teamMemberIds } from './support/member-credentials.js';
import { filterQuery, vendorClient, type VendorClient } from './support/vendor-client.js';

const OKTA_HEADERS = {
  'User-Agent': 'Okta SCIM Client 1.0.0',
  Accept: 'application/scim+json',
  'Accept-Charset': 'utf-8',
  'Content-Type': 'application/scim+json; charset=utf-8',
};

let t: TestApp;
let org: TestOrg;
let okta: VendorClient;
let alice: string;
let bob: string;
let groupId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'okta-groups');
  okta = vendorClient(t, org.token, OKTA_HEADERS);
  alice = (await okta.post('/Users', userBody('alice@acme-okta.example'))).body.id;
  bob = (await okta.post('/Users', userBody('bob@acme-okta.example'))).body.id;
});
afterAll(() => t.close());

async function teamRow(id: string) {
  const [row] = await t.db.query(
    `SELECT display_name AS "displayName", scim_connection_id AS "scimConnectionId", version
       FROM teams WHERE id = $1`,
    [id],
  );
  return row;
}

describe('Okta Group Push', () => {
  it('checks whether the group exists by displayName', async () => {
    const filter = filterQuery('displayName eq "Platform Engineering"');
    const res = await okta.get(`/Groups?${filter}&startIndex=1&count=100`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('creates the group with an empty member list', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Platform Engineering',
      members: [],
    });
    groupId = res.body.id;

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Groups/${groupId}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      displayName: 'Platform Engineering',
      meta: { resourceType: 'Group', version: 'W/"1"', location: res.headers.location },
    });
    expect(await teamRow(groupId)).toEqual({
      displayName: 'Platform Engineering',
      scimConnectionId: org.connectionId,
      version: 1,
    });
    expect(await teamMemberIds(t, groupId)).toEqual([]);
    expect(await auditSince(t, org.id, mark)).toEqual([
      expect.objectContaining({ action: 'organization.team.created', targetId: groupId }),
    ]);
  });

  it('adds members with PATCH add on members', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'add',
          path: 'members',
          value: [
            { value: alice, display: 'alice@acme-okta.example' },
            { value: bob, display: 'bob@acme-okta.example' },
          ],
        },
      ],
    });

    expect(res.status).toBe(204);
    expect(res.headers.etag).toBe('W/"2"');
    expect(await teamMemberIds(t, groupId)).toEqual([alice, bob].sort());
    const events = await auditSince(t, org.id, mark);
    expect(events).toEqual([
      expect.objectContaining({ action: 'organization.team.members_added', targetId: groupId }),
    ]);
    expect(events[0]!.payload).toMatchObject({ count: 2 });
  });

  it("renames the group with a path-less replace that carries the group's own id", async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Platform Eng' } }],
    });

    expect(res.status).toBe(204);
    expect(res.headers.etag).toBe('W/"3"');
    expect(await teamRow(groupId)).toMatchObject({ displayName: 'Platform Eng', version: 3 });
    // The id in the value is read-only and ignored; the members are untouched.
    expect(await teamMemberIds(t, groupId)).toEqual([alice, bob].sort());
    const events = await auditSince(t, org.id, mark);
    expect(events.map((e) => e.action)).toEqual(['organization.team.updated']);
    expect(events[0]!.payload).toMatchObject({
      displayName: 'Platform Eng',
      previousDisplayName: 'Platform Engineering',
    });
  });

  it('removes a member with the members[value eq "…"] path', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.patch(`/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${alice}"]` }],
    });

    expect(res.status).toBe(204);
    expect(await teamMemberIds(t, groupId)).toEqual([bob]);
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.members_removed',
    ]);
    // Leaving a group changes membership only: the user stays an active member.
    expect(await memberRow(t, alice)).toMatchObject({ status: 'active' });
  });

  it('reads the group back with its members and the user with its groups', async () => {
    const res = await okta.get(`/Groups/${groupId}`);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(res.body).toMatchObject({ id: groupId, displayName: 'Platform Eng' });
    expect(res.body.members).toEqual([
      {
        value: bob,
        display: 'bob@acme-okta.example',
        $ref: `${SCIM_BASE}/Users/${bob}`,
        type: 'User',
      },
    ]);
    const user = await okta.get(`/Users/${bob}`);
    expect(user.body.groups).toEqual([
      expect.objectContaining({ value: groupId, display: 'Platform Eng' }),
    ]);
  });

  it('Group Push by PUT (the older flow) writes only what changed', async () => {
    const [joined] = await t.db.query(
      'SELECT created_at FROM team_members WHERE team_id = $1 AND member_id = $2',
      [groupId, bob],
    );
    t.clock.advance(60 * 60_000);
    const put = (ids: string[]) =>
      okta.put(`/Groups/${groupId}`, {
        schemas: [GROUP_SCHEMA],
        id: groupId,
        displayName: 'Platform Eng',
        members: ids.map((value) => ({ value })),
      });

    let mark = await auditMark(t, org.id);
    expect((await put([bob])).status).toBe(200);
    expect(await auditSince(t, org.id, mark)).toEqual([]);
    const [still] = await t.db.query(
      'SELECT created_at FROM team_members WHERE team_id = $1 AND member_id = $2',
      [groupId, bob],
    );
    expect(still.created_at).toEqual(joined.created_at);

    mark = await auditMark(t, org.id);
    const res = await put([bob, alice]);
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [alice, bob].sort(),
    );
    expect(await auditSince(t, org.id, mark)).toEqual([
      expect.objectContaining({
        action: 'organization.team.members_added',
        payload: expect.objectContaining({ count: 1, memberIds: alice }),
      }),
    ]);

    mark = await auditMark(t, org.id);
    await put([bob]).expect(200);
    expect(await teamMemberIds(t, groupId)).toEqual([bob]);
    expect(await auditSince(t, org.id, mark)).toEqual([
      expect.objectContaining({
        action: 'organization.team.members_removed',
        payload: expect.objectContaining({ count: 1, memberIds: alice }),
      }),
    ]);
  });

  it('refuses a member from another organization and changes nothing', async () => {
    const other = await createOrgWithScim(t, 'okta-groups-other');
    const stranger = (
      await scimClient(t, other.token).post('/Users', userBody('eve@other.example'))
    ).body.id;
    const { version } = await teamRow(groupId);
    const res = await okta.patch(`/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: stranger }] }],
    });

    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(await teamMemberIds(t, groupId)).toEqual([bob]);
    expect((await teamRow(groupId)).version).toBe(version);
  });

  it('deletes the group when the push is unlinked; its users stay', async () => {
    const mark = await auditMark(t, org.id);
    const res = await okta.delete(`/Groups/${groupId}`);

    expect(res.status).toBe(204);
    expect(await teamRow(groupId)).toBeUndefined();
    expect(await teamMemberIds(t, groupId)).toEqual([]);
    expect(await memberRow(t, bob)).toMatchObject({ status: 'active', deletedAt: null });
    expect((await auditSince(t, org.id, mark)).map((e) => e.action)).toEqual([
      'organization.team.deleted',
    ]);
    expect((await okta.get(`/Groups/${groupId}`)).status).toBe(404);
  });
});
