import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;
let owner: { id: string; headers: Record<string, string> };
let admin: { id: string; headers: Record<string, string> };

async function person(userName: string, role = 'member') {
  const id = await createMember(t, org.id, userName, role);
  return { id, headers: (await signIn(t, org.id, id)).headers as Record<string, string> };
}

const base = () => `/api/v1/orgs/${org.id}/roles`;
const create = (headers: Record<string, string>, body: unknown) =>
  t.http
    .post(base())
    .set(headers)
    .send(body as object);

async function auditEvent(action: string, targetId: string) {
  const [row] = await t.db.query(
    `SELECT actor_id, payload FROM audit_events WHERE org_id = $1 AND action = $2
        AND target_id = $3 ORDER BY seq DESC LIMIT 1`,
    [org.id, action, targetId],
  );
  return row;
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'roles');
  owner = await person('owner@example.com', 'owner');
  admin = await person('admin@example.com', 'admin');
});
afterAll(() => t.close());

describe('reading roles needs ac.read', () => {
  it('lists built-in roles first, with their effective permissions', async () => {
    const res = await t.http.get(base()).set(admin.headers);
    expect(res.status).toBe(200);
    const builtin = res.body.data.filter((r: { builtin: boolean }) => r.builtin);
    expect(builtin.map((r: { name: string }) => r.name)).toEqual(['owner', 'admin', 'member']);
    expect(builtin[0].permissions).toContain('security_configuration.manage');
    expect(builtin[1].permissions).not.toContain('security_configuration.manage');
    expect(builtin[2].permissions).toEqual([]);

    const one = await t.http.get(`${base()}/${builtin[1].id}`).set(admin.headers);
    expect(one.body).toEqual(builtin[1]);
  });

  it('a plain member may not; an unknown or malformed id is 404', async () => {
    const plain = await person('reader@example.com');
    const res = await t.http.get(base()).set(plain.headers);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    await t.http.get(`${base()}/owner`).set(admin.headers).expect(404);
    await t.http
      .get(`${base()}/00000000-0000-4000-8000-000000000000`)
      .set(admin.headers)
      .expect(404);
  });
});

describe('POST /roles', () => {
  it('creates a custom role in catalog order, audited', async () => {
    const res = await create(admin.headers, {
      name: 'Auditor',
      permissions: ['audit.read', 'ac.read', 'audit.read'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Auditor',
      builtin: false,
      permissions: ['ac.read', 'audit.read'],
    });
    const event = await auditEvent('organization.role.created', res.body.id);
    expect(event.actor_id).toBe(admin.id);
    expect(event.payload).toEqual({ name: 'Auditor', permissions: 'ac.read,audit.read' });
  });

  it('an unknown permission is 400 unknown_permission naming it', async () => {
    const res = await create(owner.headers, { name: 'Odd', permissions: ['audit.read', 'x.y'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unknown_permission');
    expect(res.body.message).toContain('"x.y"');
  });

  it('a permission the caller does not hold is 403 naming it (rule 9)', async () => {
    const res = await create(admin.headers, {
      name: 'Sneaky',
      permissions: ['team.create', 'billing.manage'],
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('permission_not_held');
    expect(res.body.message).toContain('billing.manage');
    const [row] = await t.db.query("SELECT count(*)::int AS n FROM roles WHERE name = 'Sneaky'");
    expect(row.n).toBe(0);
  });

  it('names are unique per organization ignoring case, built-in names included', async () => {
    await create(owner.headers, { name: 'Support', permissions: [] }).expect(201);
    for (const name of ['support', 'ADMIN']) {
      const res = await create(owner.headers, { name, permissions: [] });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('role_name_taken');
    }
  });

  it('validates the body, and needs a fresh session', async () => {
    const noName = await create(owner.headers, { permissions: [] });
    expect(noName.status).toBe(400);
    expect(noName.body).toMatchObject({ error: 'invalid_request' });
    expect(noName.body.message).toMatch(/^name/);
    const badList = await create(owner.headers, { name: 'X', permissions: 'audit.read' });
    expect(badList.body.message).toMatch(/^permissions/);

    const past = new Date(t.clock.now().getTime() - 16 * 60_000);
    const stale = await signIn(t, org.id, owner.id, { authenticatedAt: past });
    const res = await create(stale.headers, { name: 'Late', permissions: [] });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('reauth');
  });
});

describe('PATCH /roles/{id}', () => {
  it('renames and changes permissions, auditing what changed', async () => {
    const created = await create(owner.headers, { name: 'Ops', permissions: ['team.create'] });
    const res = await t.http
      .patch(`${base()}/${created.body.id}`)
      .set(admin.headers)
      .send({ name: 'Operations', permissions: ['team.create', 'team.update'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Operations',
      permissions: ['team.create', 'team.update'],
    });
    const event = await auditEvent('organization.role.updated', created.body.id);
    expect(event.payload).toMatchObject({
      name: 'Operations',
      previousName: 'Ops',
      added: 'team.update',
      removed: '',
    });
  });

  it('built-in roles cannot be changed or deleted', async () => {
    const [{ id }] = await t.db.query("SELECT id FROM roles WHERE org_id = $1 AND name = 'admin'", [
      org.id,
    ]);
    const res = await t.http.patch(`${base()}/${id}`).set(owner.headers).send({ name: 'Boss' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('builtin_role');
    await t.http.delete(`${base()}/${id}`).set(owner.headers).expect(409);
  });

  it('nobody edits a role holding what they do not hold, nor adds it', async () => {
    const sec = await create(owner.headers, {
      name: 'SecOps',
      permissions: ['security_configuration.manage'],
    });
    const rename = await t.http
      .patch(`${base()}/${sec.body.id}`)
      .set(admin.headers)
      .send({ name: 'Harmless', permissions: [] });
    expect(rename.status).toBe(403);
    expect(rename.body.error).toBe('permission_not_held');
    expect(rename.body.message).toContain('security_configuration.manage');

    const mine = await create(admin.headers, { name: 'Mine', permissions: [] });
    const widen = await t.http
      .patch(`${base()}/${mine.body.id}`)
      .set(admin.headers)
      .send({ permissions: ['inference.manage'] });
    expect(widen.status).toBe(403);
    expect(widen.body.message).toContain('inference.manage');
  });

  it('an empty body, or an unknown permission, is 400', async () => {
    const mine = await create(owner.headers, { name: 'Empty', permissions: [] });
    const empty = await t.http.patch(`${base()}/${mine.body.id}`).set(owner.headers).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('invalid_request');
    const unknown = await t.http
      .patch(`${base()}/${mine.body.id}`)
      .set(owner.headers)
      .send({ permissions: ['member.fly'] });
    expect(unknown.body.error).toBe('unknown_permission');
  });

  it('a permission change applies at the next request of every holder', async () => {
    const role = await create(owner.headers, { name: 'Inviter', permissions: ['audit.read'] });
    const holder = await person('holder@example.com', 'Inviter');
    const invitations = `/api/v1/orgs/${org.id}/invitations`;
    await t.http.get(invitations).set(holder.headers).expect(403);

    await t.http
      .patch(`${base()}/${role.body.id}`)
      .set(owner.headers)
      .send({ permissions: ['invitation.create'] })
      .expect(200);
    await t.http.get(invitations).set(holder.headers).expect(200);

    await t.http
      .patch(`${base()}/${role.body.id}`)
      .set(owner.headers)
      .send({ permissions: [] })
      .expect(200);
    await t.http.get(invitations).set(holder.headers).expect(403);
  });
});

describe('DELETE /roles/{id}', () => {
  it('deletes an unused role, audited', async () => {
    const role = await create(owner.headers, { name: 'Temp', permissions: ['team.delete'] });
    await t.http.delete(`${base()}/${role.body.id}`).set(owner.headers).expect(204);
    await t.http.get(`${base()}/${role.body.id}`).set(owner.headers).expect(404);
    const event = await auditEvent('organization.role.deleted', role.body.id);
    expect(event.payload).toEqual({ name: 'Temp', permissions: 'team.delete' });
  });

  it('a role a member holds, or a pending invitation names, is 409 role_in_use', async () => {
    const held = await create(owner.headers, { name: 'Held', permissions: [] });
    await person('held@example.com', 'Held');
    const res = await t.http.delete(`${base()}/${held.body.id}`).set(owner.headers);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('role_in_use');

    const invited = await create(owner.headers, { name: 'Invited', permissions: [] });
    await t.http
      .post(`/api/v1/orgs/${org.id}/invitations`)
      .set(owner.headers)
      .send({ email: 'new@example.com', roleId: invited.body.id })
      .expect(201);
    const refused = await t.http.delete(`${base()}/${invited.body.id}`).set(owner.headers);
    expect(refused.body.error).toBe('role_in_use');
  });

  it('a former member keeps no claim on the role: they fall back to member', async () => {
    const role = await create(owner.headers, { name: 'Former', permissions: ['team.create'] });
    const leaver = await person('former@example.com', 'Former');
    await t.http
      .delete(`/api/v1/orgs/${org.id}/members/${leaver.id}`)
      .set(owner.headers)
      .expect(204);
    await t.http.delete(`${base()}/${role.body.id}`).set(owner.headers).expect(204);
    const [row] = await t.db.query(
      'SELECT r.name FROM members m JOIN roles r ON r.id = m.role_id WHERE m.id = $1',
      [leaver.id],
    );
    expect(row.name).toBe('member');
  });

  it('needs ac.delete', async () => {
    const role = await create(owner.headers, { name: 'Kept', permissions: [] });
    const plain = await person('plain@example.com');
    const res = await t.http.delete(`${base()}/${role.body.id}`).set(plain.headers);
    expect(res.status).toBe(403);
  });
});
