import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { GROUP_SCHEMA, patchBody, userBody } from '../support/scim-bodies.js';
import { auditActions } from '../support/seed.js';
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
const people: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'groups');
  scim = scimClient(t, org.token);
  for (const name of ['ann', 'ben', 'cat', 'dan']) {
    const res = await scim.post('/Users', userBody(`${name}@example.com`, { displayName: name }));
    people.push(res.body.id);
  }
});
afterAll(() => t.close());

async function membersOf(groupId: string): Promise<string[]> {
  const rows = await t.db.query('SELECT member_id FROM team_members WHERE team_id = $1', [groupId]);
  return rows.map((r: { member_id: string }) => r.member_id).sort();
}

describe('RFC 7644 §3.3 Groups become directory-managed teams', () => {
  it('creates a team with its members, 201 with Location', async () => {
    const res = await scim.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Engineering',
      externalId: 'eng-1',
      members: [{ value: people[0] }, { value: people[1] }],
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${SCIM_BASE}/Groups/${res.body.id}`);
    expect(res.body.members).toHaveLength(2);
    expect(res.body.members).toContainEqual({
      value: people[0],
      display: 'ann',
      type: 'User',
      $ref: `${SCIM_BASE}/Users/${people[0]}`,
    });

    const [team] = await t.db.query('SELECT scim_connection_id FROM teams WHERE id = $1', [
      res.body.id,
    ]);
    expect(team.scim_connection_id).toBe(org.connectionId);
    expect(await membersOf(res.body.id)).toEqual([people[0], people[1]].sort());
  });

  it('shows the group on its members’ groups attribute', async () => {
    const group = await scim.post('/Groups', {
      displayName: 'Readers',
      members: [{ value: people[2] }],
    });
    const user = await scim.get(`/Users/${people[2]}`);
    expect(user.body.groups).toEqual([
      {
        value: group.body.id,
        display: 'Readers',
        $ref: `${SCIM_BASE}/Groups/${group.body.id}`,
        type: 'direct',
      },
    ]);
  });

  it('refuses a duplicate displayName in any case with 409 uniqueness', async () => {
    await scim.post('/Groups', { displayName: 'Unique' }).expect(201);
    const res = await scim.post('/Groups', { displayName: 'UNIQUE' });
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
  });
});

describe('RFC 7644 §3.5.2 membership changes touch only the named members', () => {
  let groupId: string;

  beforeAll(async () => {
    const res = await scim.post('/Groups', {
      displayName: 'Patched',
      members: [{ value: people[0] }],
    });
    groupId = res.body.id;
  });

  it('adds members without duplicating one already there, answering 204', async () => {
    const res = await scim.patch(
      `/Groups/${groupId}`,
      patchBody({
        op: 'add',
        path: 'members',
        value: [{ value: people[0] }, { value: people[1] }],
      }),
    );
    expect(res.status).toBe(204);
    expect(await membersOf(groupId)).toEqual([people[0], people[1]].sort());
  });

  it('removes one member by a value filter path', async () => {
    await scim
      .patch(
        `/Groups/${groupId}`,
        patchBody({ op: 'remove', path: `members[value eq "${people[0]}"]` }),
      )
      .expect(204);
    expect(await membersOf(groupId)).toEqual([people[1]]);
  });

  it('replaces the whole list, and renames, in one atomic request', async () => {
    await scim
      .patch(
        `/Groups/${groupId}`,
        patchBody(
          { op: 'replace', path: 'displayName', value: 'Renamed' },
          { op: 'replace', path: 'members', value: [{ value: people[2] }, { value: people[3] }] },
        ),
      )
      .expect(204);
    expect(await membersOf(groupId)).toEqual([people[2], people[3]].sort());
    const res = await scim.get(`/Groups/${groupId}?excludedAttributes=members`);
    expect(res.body.displayName).toBe('Renamed');
    expect(res.body.members).toBeUndefined();
  });

  it('changes nothing when one member of the request does not exist', async () => {
    const before = await membersOf(groupId);
    const res = await scim.patch(
      `/Groups/${groupId}`,
      patchBody(
        { op: 'remove', path: 'members' },
        { op: 'add', path: 'members', value: [{ value: '00000000-0000-4000-8000-000000000000' }] },
      ),
    );
    expect(res.status).toBe(400);
    expect(await membersOf(groupId)).toEqual(before);
  });

  it('returns the group with 200 when attributes are asked for, with a new version', async () => {
    const before = await scim.get(`/Groups/${groupId}`);
    const res = await scim.patch(
      `/Groups/${groupId}?attributes=displayName,members`,
      patchBody({ op: 'add', path: 'members', value: [{ value: people[0] }] }),
    );
    expect(res.status).toBe(200);
    expect(res.body.members).toHaveLength(3);
    expect(res.headers.etag).not.toBe(before.headers.etag);
  });

  it('records each membership change in the audit trail', async () => {
    const actions = await auditActions(t, org.id, groupId);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organization.team.created',
        'organization.team.members_added',
        'organization.team.members_removed',
        'organization.team.updated',
      ]),
    );
  });
});

describe('RFC 7644 §3.5.1 PUT and §3.6 DELETE on Groups', () => {
  it('PUT replaces name and members', async () => {
    const created = await scim.post('/Groups', {
      displayName: 'Put me',
      members: [{ value: people[0] }],
    });
    const res = await scim.put(`/Groups/${created.body.id}`, {
      schemas: [GROUP_SCHEMA],
      displayName: 'Put done',
      members: [{ value: people[1] }],
    });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Put done');
    expect(await membersOf(created.body.id)).toEqual([people[1]]);
  });

  it('DELETE removes the team and its memberships, not the members', async () => {
    const created = await scim.post('/Groups', {
      displayName: 'Doomed',
      members: [{ value: people[3] }],
    });
    await scim.delete(`/Groups/${created.body.id}`).expect(204);
    await scim.get(`/Groups/${created.body.id}`).expect(404);
    expect(await membersOf(created.body.id)).toEqual([]);
    await scim.get(`/Users/${people[3]}`).expect(200);
  });

  it('does not expose teams an admin made by hand', async () => {
    const [{ id }] = await t.db.query(
      `INSERT INTO teams (org_id, display_name) VALUES ($1, 'Hand made') RETURNING id`,
      [org.id],
    );
    await scim.get(`/Groups/${id}`).expect(404);
    await scim.delete(`/Groups/${id}`).expect(404);
    const list = await scim.get(
      `/Groups?filter=${encodeURIComponent('displayName eq "Hand made"')}`,
    );
    expect(list.body.totalResults).toBe(0);
  });
});
