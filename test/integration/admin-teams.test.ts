import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { GROUP_SCHEMA, userBody } from '../support/scim-bodies.js';
import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let adminHeaders: Record<string, string>;
let plainHeaders: Record<string, string>;
let annId: string;
let benId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'teams');
  other = await createOrgWithScim(t, 'teams-other');
  const adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
  annId = await createMember(t, org.id, 'ann@example.com');
  benId = await createMember(t, org.id, 'ben@example.com');
  // Team writes are not in rule 2's list, so a session of any age will do.
  adminHeaders = (await signIn(t, org.id, adminId)).headers;
  plainHeaders = (await signIn(t, org.id, annId)).headers;
});
afterAll(() => t.close());

const url = (path = '', orgId = org.id) => `/api/v1/orgs/${orgId}/teams${path}`;

async function makeTeam(displayName: string): Promise<string> {
  const res = await t.http.post(url()).set(adminHeaders).send({ displayName });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function directoryTeam(displayName: string, memberIds: string[] = []) {
  const scim = scimClient(t, org.token);
  const members = memberIds.map((value) => ({ value }));
  const res = await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName, members });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('creating, renaming and deleting teams', () => {
  it('POST teams answers 201 and records organization.team.created', async () => {
    const res = await t.http.post(url()).set(adminHeaders).send({ displayName: '  Design ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      displayName: 'Design',
      directoryManaged: false,
      memberCount: 0,
      createdAt: t.clock.now().toISOString(),
    });
    expect(await auditActions(t, org.id, res.body.id)).toEqual(['organization.team.created']);
  });

  it('a name another team has (in any case) is 409', async () => {
    await makeTeam('Support');
    const res = await t.http.post(url()).set(adminHeaders).send({ displayName: 'SUPPORT' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('uniqueness');
  });

  it('a bad body is 400 naming the field', async () => {
    for (const body of [{}, { displayName: '' }, { displayName: ['x'] }, { name: 'x' }]) {
      const res = await t.http.post(url()).set(adminHeaders).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.message).toMatch(/displayName|name/);
    }
  });

  it('PATCH renames (audited); DELETE removes (audited)', async () => {
    const id = await makeTeam('Sales');
    const renamed = await t.http
      .patch(url(`/${id}`))
      .set(adminHeaders)
      .send({ displayName: 'Revenue' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Revenue');
    await t.http
      .delete(url(`/${id}`))
      .set(adminHeaders)
      .expect(204);
    await t.http
      .get(url(`/${id}`))
      .set(adminHeaders)
      .expect(404);
    expect(await auditActions(t, org.id, id)).toEqual([
      'organization.team.created',
      'organization.team.updated',
      'organization.team.deleted',
    ]);
  });

  it('a plain member may read teams but not change them', async () => {
    const id = await makeTeam('Readable');
    await t.http.get(url()).set(plainHeaders).expect(200);
    await t.http
      .get(url(`/${id}`))
      .set(plainHeaders)
      .expect(200);
    const res = await t.http.post(url()).set(plainHeaders).send({ displayName: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('team.create');
    await t.http
      .patch(url(`/${id}`))
      .set(plainHeaders)
      .send({ displayName: 'x' })
      .expect(403);
    await t.http
      .delete(url(`/${id}`))
      .set(plainHeaders)
      .expect(403);
    await t.http
      .put(url(`/${id}/members/${annId}`))
      .set(plainHeaders)
      .expect(403);
  });
});

describe('membership', () => {
  it('PUT adds a member once; DELETE removes; both audited per member', async () => {
    const id = await makeTeam('Platform');
    await t.http
      .put(url(`/${id}/members/${annId}`))
      .set(adminHeaders)
      .expect(204);
    await t.http
      .put(url(`/${id}/members/${annId}`))
      .set(adminHeaders)
      .expect(204);
    await t.http
      .put(url(`/${id}/members/${benId}`))
      .set(adminHeaders)
      .expect(204);
    const team = await t.http.get(url(`/${id}`)).set(plainHeaders);
    expect(team.body.memberCount).toBe(2);
    expect(team.body.members.map((m: { id: string }) => m.id).sort()).toEqual(
      [annId, benId].sort(),
    );
    expect(team.body.members[0]).toMatchObject({ userName: expect.any(String), status: 'active' });

    await t.http
      .delete(url(`/${id}/members/${annId}`))
      .set(adminHeaders)
      .expect(204);
    const again = await t.http.delete(url(`/${id}/members/${annId}`)).set(adminHeaders);
    expect(again.status).toBe(404);
    expect(await auditActions(t, org.id, id)).toEqual([
      'organization.team.created',
      'organization.team.member_added',
      'organization.team.member_added',
      'organization.team.member_removed',
    ]);
  });

  it('a member of another organization, or a malformed id, is 404', async () => {
    const id = await makeTeam('Closed');
    const foreign = await createMember(t, other.id, 'foreign@example.com');
    for (const memberId of [foreign, 'not-a-uuid']) {
      await t.http
        .put(url(`/${id}/members/${memberId}`))
        .set(adminHeaders)
        .expect(404);
    }
    const rows = await t.db.query('SELECT member_id FROM team_members WHERE team_id = $1', [id]);
    expect(rows).toEqual([]);
  });

  it('the member list is paged with limit and cursor', async () => {
    const id = await makeTeam('Paged');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const memberId = await createMember(t, org.id, `paged-${i}@example.com`);
      ids.push(memberId);
      await t.http
        .put(url(`/${id}/members/${memberId}`))
        .set(adminHeaders)
        .expect(204);
      t.clock.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = cursor ? { limit: '2', cursor } : { limit: '2' };
      const res = await t.http
        .get(url(`/${id}`))
        .query(query)
        .set(adminHeaders);
      expect(res.status).toBe(200);
      expect(res.body.memberCount).toBe(5);
      expect(res.body.members.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.members.map((m: { id: string }) => m.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    for (const query of [{ limit: '0' }, { limit: 'x' }, { cursor: 'garbage' }]) {
      await t.http
        .get(url(`/${id}`))
        .query(query)
        .set(adminHeaders)
        .expect(400);
    }
  });
});

describe('directory-managed teams (SCIM Groups)', () => {
  it('refuse manual renames, deletes and member changes: 409 directory_managed', async () => {
    const scimUser = await scimClient(t, org.token).post('/Users', userBody('dir@example.com'));
    const id = await directoryTeam('From the IdP', [scimUser.body.id]);
    const listed = await t.http.get(url(`/${id}`)).set(adminHeaders);
    expect(listed.body).toMatchObject({
      directoryManaged: true,
      scimConnectionId: org.connectionId,
    });

    const attempts = [
      t.http
        .patch(url(`/${id}`))
        .set(adminHeaders)
        .send({ displayName: 'Renamed' }),
      t.http.delete(url(`/${id}`)).set(adminHeaders),
      t.http.put(url(`/${id}/members/${annId}`)).set(adminHeaders),
      t.http.delete(url(`/${id}/members/${scimUser.body.id}`)).set(adminHeaders),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('directory_managed');
    }
    const group = await scimClient(t, org.token).get(`/Groups/${id}`);
    expect(group.body.displayName).toBe('From the IdP');
    expect(group.body.members).toHaveLength(1);
  });
});

describe('lists and guards', () => {
  it('GET teams lists this organization’s teams only, paged', async () => {
    await makeTeam('Listed');
    const foreignOwner = await createMember(t, other.id, 'o@example.com', 'owner');
    const foreignKey = await issueTestApiKey(t, other.id, foreignOwner);
    await t.http.post(url('', other.id)).set(foreignKey.headers).send({ displayName: 'Hidden' });

    const first = await t.http.get(url()).query({ limit: '1' }).set(plainHeaders);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = await t.http.get(url()).set(plainHeaders);
    const names = all.body.data.map((team: { displayName: string }) => team.displayName);
    expect(names).toContain('Listed');
    expect(names).not.toContain('Hidden');
    expect(all.body.nextCursor).toBeNull();
  });

  it('another organization’s team is 404, even by its id', async () => {
    const foreignOwner = await createMember(t, other.id, 'o2@example.com', 'owner');
    const foreignKey = await issueTestApiKey(t, other.id, foreignOwner);
    const made = await t.http
      .post(url('', other.id))
      .set(foreignKey.headers)
      .send({ displayName: 'Theirs' });
    expect(made.status).toBe(201);
    await t.http
      .get(url(`/${made.body.id}`))
      .set(adminHeaders)
      .expect(404);
    await t.http
      .delete(url(`/${made.body.id}`))
      .set(adminHeaders)
      .expect(404);
    await t.http.get(url('', other.id)).set(adminHeaders).expect(404);
    await t.http.get(url('/not-a-uuid')).set(adminHeaders).expect(404);
  });

  it('no credentials is 401', async () => {
    await t.http.get(url()).expect(401);
  });
});
