import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { GROUP_SCHEMA, patchBody, userBody } from '../support/scim-bodies.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/**
 * Issue 5, events to the application: each change writes its outbox row in its own transaction,
 * so the outbox holds exactly the changes that committed, in the order they committed.
 */
let t: TestApp;
let org: TestOrg;
let scim: ScimClient;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'events-org');
  scim = scimClient(t, org.token);
});
afterAll(() => t.close());

interface OutboxRow {
  seq: string;
  type: string;
  payload: {
    target: { type: string; id: string } | null;
    actor: { type: string; id: string | null };
    details: Record<string, unknown>;
    member: Record<string, unknown> | null;
  };
}

async function outbox(orgId = org.id, targetId?: string): Promise<OutboxRow[]> {
  return t.db.query(
    `SELECT seq::text AS seq, type, payload FROM outbox
      WHERE org_id = $1 AND ($2::text IS NULL OR payload->'target'->>'id' = $2) ORDER BY seq`,
    [orgId, targetId ?? null],
  );
}

const deactivate = patchBody({ op: 'replace', path: 'active', value: false });
const reactivate = patchBody({ op: 'replace', path: 'active', value: true });

describe('SCIM member lifecycle writes outbox rows in order', () => {
  it('create, update, deactivate, reactivate, delete: one event each, in sequence', async () => {
    const created = await scim.post(
      '/Users',
      userBody('ada@example.com', { password: 'S3cret!pw' }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await scim
      .patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'CTO' }))
      .expect(200);
    await scim.patch(`/Users/${id}`, deactivate).expect(200);
    await scim.patch(`/Users/${id}`, reactivate).expect(200);
    await scim.delete(`/Users/${id}`).expect(204);

    const rows = await outbox(org.id, id);
    expect(rows.map((r) => r.type)).toEqual([
      'member.created',
      'member.updated',
      'member.deprovisioned',
      'member.reactivated',
      'member.deprovisioned',
      'member.deleted',
    ]);
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(rows[0]!.payload).toMatchObject({
      target: { type: 'member', id },
      actor: { type: 'scim_connection', id: org.connectionId },
      member: { id, userName: 'ada@example.com', email: 'ada@example.com', role: 'member' },
    });
    expect(rows[2]!.payload.member).toMatchObject({ status: 'deprovisioned' });
    expect(rows[3]!.payload.member).toMatchObject({ status: 'active' });
    // Rule 8: the directory password is hashed on the member and never reaches an event.
    expect(JSON.stringify(rows)).not.toContain('S3cret!pw');
  });

  it('the organization stream is gapless: seq counts 1, 2, 3… per organization', async () => {
    const other = await createOrgWithScim(t, 'events-other');
    await scimClient(t, other.token).post('/Users', userBody('bo@example.com')).expect(201);
    for (const orgId of [org.id, other.id]) {
      const seqs = (await outbox(orgId)).map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });
});

describe('the outbox row commits with its change or not at all', () => {
  it('a refused change (last owner) leaves no row, though it wrote one first', async () => {
    const created = await scim.post('/Users', userBody('last-owner@example.com'));
    const id = created.body.id as string;
    await t.db.query(
      `UPDATE members SET role_id = (SELECT id FROM roles WHERE org_id = $1 AND name = 'owner')
        WHERE id = $2`,
      [org.id, id],
    );
    const before = await outbox(org.id, id);

    // The profile change is written (with its event) first; deprovisioning the last owner then
    // fails, and the whole transaction rolls back.
    const res = await scim.patch(
      `/Users/${id}`,
      patchBody(
        { op: 'replace', path: 'title', value: 'Founder' },
        { op: 'replace', path: 'active', value: false },
      ),
    );
    expect(res.status).toBe(400);
    expect(await outbox(org.id, id)).toEqual(before);
    const [member] = await t.db.query('SELECT title, status FROM members WHERE id = $1', [id]);
    expect(member).toEqual({ title: null, status: 'active' });
  });

  it('a duplicate userName (409) writes no event', async () => {
    await scim.post('/Users', userBody('dup@example.com')).expect(201);
    const count = (await outbox()).length;
    await scim.post('/Users', userBody('DUP@example.com')).expect(409);
    expect((await outbox()).length).toBe(count);
  });
});

describe('teams, roles and connections', () => {
  it('a SCIM group with a member: team.created, then team.members_added', async () => {
    const user = await scim.post('/Users', userBody('grace@example.com'));
    const group = await scim.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Engineering',
      members: [{ value: user.body.id }],
    });
    expect(group.status).toBe(201);
    const rows = await outbox(org.id, group.body.id);
    expect(rows.map((r) => r.type)).toEqual(['team.created', 'team.members_added']);
    expect(rows[1]!.payload.details).toMatchObject({ memberIds: user.body.id, count: 1 });
  });

  it('an admin role change is member.role_changed with the old and new role', async () => {
    const ownerId = await createMember(t, org.id, 'boss@example.com', 'owner');
    const memberId = await createMember(t, org.id, 'promoted@example.com');
    const [admin] = await t.db.query(`SELECT id FROM roles WHERE org_id = $1 AND name = 'admin'`, [
      org.id,
    ]);
    const res = await t.http
      .patch(`/api/v1/orgs/${org.id}/members/${memberId}/role`)
      .set((await signIn(t, org.id, ownerId)).headers)
      .send({ roleId: admin.id });
    expect(res.status).toBe(200);
    const [row] = await outbox(org.id, memberId);
    expect(row).toMatchObject({
      type: 'member.role_changed',
      payload: { details: { oldRole: 'member', newRole: 'admin' }, member: { role: 'admin' } },
    });
  });

  it('creating and deleting a SCIM connection are events; the token is in none', async () => {
    const ownerId = await createMember(t, org.id, 'sec@example.com', 'owner');
    const headers = (await signIn(t, org.id, ownerId)).headers;
    const made = await t.http
      .post(`/api/v1/orgs/${org.id}/scim-connections`)
      .set(headers)
      .send({ name: 'Okta' });
    expect(made.status).toBe(201);
    await t.http
      .delete(`/api/v1/orgs/${org.id}/scim-connections/${made.body.connectionId}`)
      .set(headers)
      .expect(204);
    const rows = await outbox(org.id, made.body.connectionId);
    expect(rows.map((r) => r.type)).toEqual(['scim_connection.created', 'scim_connection.deleted']);
    expect(JSON.stringify(rows)).not.toContain(made.body.token);
  });

  it('audited actions that are not events (API keys, sign-ins) write no outbox row', async () => {
    const count = (await outbox()).length;
    const ownerId = await createMember(t, org.id, 'keys@example.com', 'owner');
    await t.http
      .post(`/api/v1/orgs/${org.id}/api-keys`)
      .set((await signIn(t, org.id, ownerId)).headers)
      .send({ name: 'ci' })
      .expect(201);
    expect((await outbox()).length).toBe(count);
  });
});
