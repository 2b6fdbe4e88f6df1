import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ALL_PERMISSIONS } from '../../src/access/permissions.js';
import { auditActions, credentialState, seedCredentials } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Headers = Record<string, string>;

/** A member of `org` with a role, signed in now (a fresh session). */
async function person(org: TestOrg, userName: string, role = 'member') {
  const id = await createMember(t, org.id, userName, role);
  return { id, headers: (await signIn(t, org.id, id)).headers as Headers };
}

async function customRole(org: TestOrg, name: string, permissions: readonly string[]) {
  const [{ id }] = await t.db.query(
    `INSERT INTO roles (org_id, name, builtin, permissions) VALUES ($1, $2, false, $3)
     RETURNING id`,
    [org.id, name, permissions],
  );
  return id as string;
}

async function roleId(org: TestOrg, name: string): Promise<string> {
  const [row] = await t.db.query('SELECT id FROM roles WHERE org_id = $1 AND name = $2', [
    org.id,
    name,
  ]);
  return row.id;
}

async function roleOf(memberId: string): Promise<string> {
  const [row] = await t.db.query(
    'SELECT r.name FROM members m JOIN roles r ON r.id = m.role_id WHERE m.id = $1',
    [memberId],
  );
  return row.name;
}

async function lastPayload(org: TestOrg, action: string) {
  const [row] = await t.db.query(
    `SELECT actor_type, actor_id, target_id, payload FROM audit_events
      WHERE org_id = $1 AND action = $2 ORDER BY seq DESC LIMIT 1`,
    [org.id, action],
  );
  return row;
}

const base = (org: TestOrg) => `/api/v1/orgs/${org.id}/members`;

describe('GET /members: any member of the organization reads the list', () => {
  let org: TestOrg;
  let reader: Awaited<ReturnType<typeof person>>;
  let engineers: string;

  beforeAll(async () => {
    org = await createOrgWithScim(t, 'list-org');
    reader = await person(org, 'reader@example.com');
    await person(org, 'boss@example.com', 'owner');
    await person(org, 'helper@example.com', 'admin');
    await person(org, 'gone@example.com').then(({ id }) =>
      t.db.query("UPDATE members SET status = 'deprovisioned' WHERE id = $1", [id]),
    );
    [{ id: engineers }] = await t.db.query(
      "INSERT INTO teams (org_id, display_name) VALUES ($1, 'Engineers') RETURNING id",
      [org.id],
    );
    await t.db.query('INSERT INTO team_members (team_id, member_id) VALUES ($1, $2)', [
      engineers,
      reader.id,
    ]);
  });

  it('a plain member reads every live member, with role and status', async () => {
    const res = await t.http.get(base(org)).set(reader.headers);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const names = res.body.data.map((m: { userName: string }) => m.userName).sort();
    expect(names).toEqual([
      'boss@example.com',
      'gone@example.com',
      'helper@example.com',
      'reader@example.com',
    ]);
    const boss = res.body.data.find((m: { userName: string }) => m.userName === 'boss@example.com');
    expect(boss).toMatchObject({ role: { name: 'owner' }, status: 'active', source: 'bootstrap' });
    expect(boss.email).toBe('boss@example.com');
  });

  it('filters by role name or id, by status and by team', async () => {
    const names = async (query: string) => {
      const res = await t.http.get(`${base(org)}?${query}`).set(reader.headers);
      expect(res.status).toBe(200);
      return res.body.data.map((m: { userName: string }) => m.userName).sort();
    };
    expect(await names('role=Owner')).toEqual(['boss@example.com']);
    expect(await names(`role=${await roleId(org, 'admin')}`)).toEqual(['helper@example.com']);
    expect(await names('status=deprovisioned')).toEqual(['gone@example.com']);
    expect(await names(`team=${engineers}`)).toEqual(['reader@example.com']);
    expect(await names('role=nobody')).toEqual([]);
  });

  it('a bad filter is 400 invalid_request naming it', async () => {
    for (const [query, field] of [
      ['status=asleep', 'status'],
      ['team=engineers', 'team'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=bm9wZQ', 'cursor'],
      ['status=active&status=suspended', 'status'],
    ]) {
      const res = await t.http.get(`${base(org)}?${query}`).set(reader.headers);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.message).toMatch(new RegExp(`^${field}`));
    }
  });

  it('pages with an opaque cursor: none repeats or goes missing, ties broken by id', async () => {
    const pageOrg = await createOrgWithScim(t, 'paging-org');
    const viewer = await person(pageOrg, 'viewer@example.com');
    for (let i = 0; i < 6; i++) await createMember(t, pageOrg.id, `p${i}@example.com`);
    // Same microsecond for several rows: the id decides their order.
    await t.db.query(
      `UPDATE members SET created_at = '2026-01-01T00:00:00.123456Z'
        WHERE org_id = $1 AND user_name LIKE 'p%'`,
      [pageOrg.id],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await t.http.get(`${base(pageOrg)}${query}`).set(viewer.headers);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((m: { id: string }) => m.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(7);
  });

  it('GET /members/{id} reads one; a malformed or foreign id is 404', async () => {
    const res = await t.http.get(`${base(org)}/${reader.id}`).set(reader.headers);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: reader.id, userName: 'reader@example.com' });

    await t.http
      .get(`${base(org)}/not-a-uuid`)
      .set(reader.headers)
      .expect(404);
    const other = await createOrgWithScim(t, 'other-org');
    const stranger = await person(other, 'stranger@example.com', 'owner');
    await t.http
      .get(`${base(org)}/${stranger.id}`)
      .set(reader.headers)
      .expect(404);
    // Rule 7: another organization's list is 404 as if it did not exist.
    await t.http.get(base(org)).set(stranger.headers).expect(404);
    await t.http.get(base(org)).expect(401);
  });
});

describe('PATCH /members/{id}/role', () => {
  let org: TestOrg;
  let owner: Awaited<ReturnType<typeof person>>;
  let admin: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    org = await createOrgWithScim(t, 'roles-org');
    owner = await person(org, 'owner@example.com', 'owner');
    admin = await person(org, 'admin@example.com', 'admin');
  });

  const setRole = (headers: Headers, memberId: string, body: unknown) =>
    t.http
      .patch(`${base(org)}/${memberId}/role`)
      .set(headers)
      .send(body as object);

  it('changes the role and audits old and new role names', async () => {
    const { id } = await person(org, 'promoted@example.com');
    const res = await setRole(owner.headers, id, { roleId: await roleId(org, 'admin') });
    expect(res.status).toBe(200);
    expect(res.body.role.name).toBe('admin');
    expect(await roleOf(id)).toBe('admin');

    const event = await lastPayload(org, 'organization.member.role_updated');
    expect(event).toMatchObject({ actor_type: 'member', actor_id: owner.id, target_id: id });
    expect(event.payload).toMatchObject({ oldRole: 'member', newRole: 'admin' });
    expect(t.logLines.join('')).toContain('"alert":"organization.member.role_updated"');
  });

  it('needs a session from the last 15 minutes (rule 2)', async () => {
    const { id } = await person(org, 'stale-target@example.com');
    const past = new Date(t.clock.now().getTime() - 16 * 60_000);
    const stale = await signIn(t, org.id, owner.id, { authenticatedAt: past });
    const res = await setRole(stale.headers, id, { roleId: await roleId(org, 'admin') });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
    expect(await roleOf(id)).toBe('member');
  });

  it('needs member.update', async () => {
    const plain = await person(org, 'plain@example.com');
    const { id } = await person(org, 'victim@example.com');
    const res = await setRole(plain.headers, id, { roleId: await roleId(org, 'admin') });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });

  it('never grants owner: that is what ownership transfer is for', async () => {
    const { id } = await person(org, 'would-be-owner@example.com');
    const res = await setRole(owner.headers, id, { roleId: await roleId(org, 'owner') });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('owner_not_grantable');
    expect(await roleOf(id)).toBe('member');
  });

  it('refuses a role holding a permission the caller lacks, naming it (rule 9)', async () => {
    const security = await customRole(org, 'Security', ['security_configuration.manage']);
    const { id } = await person(org, 'sec@example.com');
    const res = await setRole(admin.headers, id, { roleId: security });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('permission_not_held');
    expect(res.body.message).toContain('security_configuration.manage');
    await setRole(owner.headers, id, { roleId: security }).expect(200);
  });

  it('an admin cannot demote an owner, who holds more than they do', async () => {
    const second = await person(org, 'second-owner@example.com', 'owner');
    const res = await setRole(admin.headers, second.id, { roleId: await roleId(org, 'member') });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('permission_not_held');
    expect(await roleOf(second.id)).toBe('owner');
  });

  it('nobody changes their own role', async () => {
    const res = await setRole(admin.headers, admin.id, { roleId: await roleId(org, 'member') });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('own_role');
  });

  it('validates the body and the ids', async () => {
    const { id } = await person(org, 'validated@example.com');
    const missing = await setRole(owner.headers, id, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request' });
    expect(missing.body.message).toMatch(/^roleId/);
    const extra = await setRole(owner.headers, id, { roleId: 'x', role: 'admin' });
    expect(extra.body.message).toMatch(/unknown field: role/);
    const notJson = await t.http
      .patch(`${base(org)}/${id}/role`)
      .set(owner.headers)
      .set('Content-Type', 'application/json')
      .send('{"roleId":');
    expect(notJson.status).toBe(400);

    expect((await setRole(owner.headers, id, { roleId: 'admin' })).status).toBe(404);
    const unknownRole = '00000000-0000-4000-8000-000000000000';
    expect((await setRole(owner.headers, id, { roleId: unknownRole })).status).toBe(404);
    const admins = await roleId(org, 'admin');
    expect((await setRole(owner.headers, 'nope', { roleId: admins })).status).toBe(404);
    expect((await setRole(owner.headers, unknownRole, { roleId: admins })).status).toBe(404);
  });
});

describe('rule 4: the last active owner stays', () => {
  it('is neither demoted nor removed: 409 last_owner', async () => {
    const org = await createOrgWithScim(t, 'lone-owner');
    const owner = await person(org, 'only@example.com', 'owner');
    const admin = await person(org, 'deputy@example.com', 'admin');

    const demote = await t.http
      .patch(`${base(org)}/${owner.id}/role`)
      .set(admin.headers)
      .send({ roleId: await roleId(org, 'member') });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toBe('last_owner');

    const remove = await t.http.delete(`${base(org)}/${owner.id}`).set(owner.headers);
    expect(remove.status).toBe(409);
    expect(remove.body.error).toBe('last_owner');
    expect(await roleOf(owner.id)).toBe('owner');
  });

  it('two concurrent demotions of the two owners: one passes, one is 409', async () => {
    const org = await createOrgWithScim(t, 'two-owners');
    const a = await person(org, 'a@example.com', 'owner');
    const b = await person(org, 'b@example.com', 'owner');
    const everything = await customRole(org, 'Deputy', ALL_PERMISSIONS);
    const deputy = await person(org, 'deputy@example.com', 'Deputy');
    expect(everything).toBeDefined();
    const admins = await roleId(org, 'admin');

    const results = await Promise.allSettled(
      [a, b].map((o) =>
        t.http
          .patch(`${base(org)}/${o.id}/role`)
          .set(deputy.headers)
          .send({ roleId: admins }),
      ),
    );
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : 0));
    expect(statuses.sort()).toEqual([200, 409]);
    const owners = await t.db.query(
      `SELECT m.id FROM members m JOIN roles r ON r.id = m.role_id
        WHERE m.org_id = $1 AND r.name = 'owner' AND m.status = 'active'`,
      [org.id],
    );
    expect(owners).toHaveLength(1);
  });
});

describe('DELETE /members/{id}: removal is deprovisioning (rule 3)', () => {
  let org: TestOrg;
  let admin: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    org = await createOrgWithScim(t, 'removal-org');
    await person(org, 'owner@example.com', 'owner');
    admin = await person(org, 'admin@example.com', 'admin');
  });

  it('revokes sessions, keys and invitations, retires the row, and audits', async () => {
    const leaver = await person(org, 'leaver@example.com');
    const seeded = await seedCredentials(t, org.id, leaver.id, 'leaver@example.com');

    const res = await t.http.delete(`${base(org)}/${leaver.id}`).set(admin.headers);
    expect(res.status).toBe(204);

    expect(await credentialState(t, seeded)).toEqual({
      sessionExists: false,
      keyRevoked: true,
      keyReason: 'member_deprovisioned',
      invitationStatuses: ['canceled', 'canceled'],
    });
    await t.http.get('/auth/session').set(leaver.headers).expect(401);
    await t.http
      .get(`${base(org)}/${leaver.id}`)
      .set(admin.headers)
      .expect(404);
    const actions = await auditActions(t, org.id, leaver.id);
    expect(actions).toEqual(
      expect.arrayContaining(['organization.member.deprovisioned', 'organization.member.removed']),
    );
    const deprovisioned = await lastPayload(org, 'organization.member.deprovisioned');
    expect(deprovisioned.payload.reason).toBe('admin_removed');
    const removed = await lastPayload(org, 'organization.member.removed');
    expect(removed).toMatchObject({ actor_id: admin.id, target_id: leaver.id });

    // The address is free again: the same person can be added back later.
    await createMember(t, org.id, 'leaver@example.com');
  });

  it('needs member.delete, and an admin cannot remove an owner', async () => {
    const plain = await person(org, 'plain@example.com');
    const target = await person(org, 'target@example.com');
    const res = await t.http.delete(`${base(org)}/${target.id}`).set(plain.headers);
    expect(res.status).toBe(403);

    const coOwner = await person(org, 'co-owner@example.com', 'owner');
    const refused = await t.http.delete(`${base(org)}/${coOwner.id}`).set(admin.headers);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('permission_not_held');
    await t.http
      .delete(`${base(org)}/nonsense`)
      .set(admin.headers)
      .expect(404);
  });
});

describe('POST /members/{id}/transfer-ownership', () => {
  let org: TestOrg;
  let owner: Awaited<ReturnType<typeof person>>;
  let admin: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    org = await createOrgWithScim(t, 'transfer-org');
    owner = await person(org, 'owner@example.com', 'owner');
    admin = await person(org, 'admin@example.com', 'admin');
  });

  const transfer = (headers: Headers, memberId: string) =>
    t.http.post(`${base(org)}/${memberId}/transfer-ownership`).set(headers);

  it('only an owner may; a stale session must step up first', async () => {
    const { id } = await person(org, 'hopeful@example.com');
    const byAdmin = await transfer(admin.headers, id);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error).toBe('owner_required');

    const past = new Date(t.clock.now().getTime() - 20 * 60_000);
    const stale = await signIn(t, org.id, owner.id, { authenticatedAt: past });
    const res = await transfer(stale.headers as Headers, id);
    expect(res.body.error).toBe('reauth');
    expect(await roleOf(id)).toBe('member');
  });

  it('refuses an owner as target, and a member who is not active', async () => {
    const self = await transfer(owner.headers, owner.id);
    expect(self.status).toBe(409);
    expect(self.body.error).toBe('already_owner');
    const { id } = await person(org, 'suspended@example.com');
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [id]);
    const res = await transfer(owner.headers, id);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('member_not_active');
  });

  it('the target becomes owner and the caller admin, audited', async () => {
    const res = await transfer(owner.headers, admin.id);
    expect(res.status).toBe(200);
    expect(res.body.owner).toMatchObject({ id: admin.id, role: { name: 'owner' } });
    expect(res.body.previousOwner).toMatchObject({ id: owner.id, role: { name: 'admin' } });
    expect(await roleOf(admin.id)).toBe('owner');
    expect(await roleOf(owner.id)).toBe('admin');

    const event = await lastPayload(org, 'organization.member.ownership_transferred');
    expect(event).toMatchObject({ actor_id: owner.id, target_id: admin.id });
    expect(event.payload).toMatchObject({ fromMemberId: owner.id, previousRole: 'admin' });
  });
});
