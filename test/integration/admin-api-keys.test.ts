import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

const KEY_SHAPE = /^tsk_([0-9a-f-]{36})_([0-9a-f]{64})$/;
const DAY_MS = 24 * 3600_000;

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let ownerId: string;
let adminId: string;
let plainId: string;
let officerId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'keys');
  other = await createOrgWithScim(t, 'keys-other');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
  adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
  plainId = await createMember(t, org.id, 'plain@example.com', 'member');
  // A custom role that may manage security configuration and nothing else (DESIGN "Role").
  await t.db.query(
    `INSERT INTO roles (org_id, name, builtin, permissions)
     VALUES ($1, 'security officer', false, '{security_configuration.manage}')`,
    [org.id],
  );
  officerId = await createMember(t, org.id, 'officer@example.com', 'security officer');
});
afterAll(() => t.close());

const url = (path = '', orgId = org.id) => `/api/v1/orgs/${orgId}/api-keys${path}`;
const freshAs = async (memberId: string) => (await signIn(t, org.id, memberId)).headers;

async function mint(body: Record<string, unknown>, as = ownerId) {
  return t.http
    .post(url())
    .set(await freshAs(as))
    .send(body);
}

describe('POST api-keys issues a key shown once', () => {
  it('answers 201 with tsk_<id>_<secret>, a list prefix and a 90-day expiry', async () => {
    const res = await mint({ name: 'ci' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const [, id, secret] = KEY_SHAPE.exec(res.body.key)!;
    expect(res.body).toMatchObject({
      id,
      name: 'ci',
      prefix: `tsk_${id!.slice(0, 8)}`,
      memberId: ownerId,
      issuedByMemberId: ownerId,
      permissions: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(res.body.key.startsWith(res.body.prefix)).toBe(true);
    expect(res.body.expiresAt).toBe(new Date(t.clock.now().getTime() + 90 * DAY_MS).toISOString());

    const [row] = await t.db.query('SELECT * FROM api_keys WHERE id = $1', [id]);
    expect(row.hash_key_id).toBe('test1');
    expect(JSON.stringify(row)).not.toContain(secret);
    const [event] = await t.db.query(
      `SELECT actor_id, payload FROM audit_events WHERE target_id = $1
        AND action = 'organization.api_key.created'`,
      [id],
    );
    expect(event.actor_id).toBe(ownerId);
    expect(JSON.stringify(event.payload)).not.toContain(secret);
    expect(t.logLines.join('')).not.toContain(secret);
  });

  it('the key works as Bearer and as x-api-key; the list never shows it or its hash', async () => {
    const { body } = await mint({ name: 'reader' });
    const bearer = await t.http.get(url()).set('Authorization', `Bearer ${body.key}`);
    expect(bearer.status).toBe(200);
    const header = await t.http.get(url()).set('x-api-key', body.key);
    expect(header.status).toBe(200);

    const listed = header.body.data.find((k: { id: string }) => k.id === body.id);
    expect(Object.keys(listed).sort()).toEqual(
      [
        'createdAt',
        'expiresAt',
        'id',
        'issuedByMemberId',
        'lastUsedAt',
        'memberId',
        'name',
        'permissions',
        'prefix',
        'revokedAt',
      ].sort(),
    );
    expect(header.text).not.toContain(KEY_SHAPE.exec(body.key)![2]);
  });

  it('expiresInDays is 1 to 366; a bad body is 400 naming the field', async () => {
    const longest = await mint({ name: 'year', expiresInDays: 366 });
    expect(longest.status).toBe(201);
    expect(longest.body.expiresAt).toBe(
      new Date(t.clock.now().getTime() + 366 * DAY_MS).toISOString(),
    );
    for (const [body, field] of [
      [{ name: 'x', expiresInDays: 367 }, 'expiresInDays'],
      [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x', permissions: 'team.create' }, 'permissions'],
      [{ name: 'x', color: 'red' }, 'color'],
    ] as const) {
      const res = await mint(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: 'invalid_request',
        message: expect.stringContaining(field),
      });
    }
  });

  it('an unknown permission is 400 naming it', async () => {
    const res = await mint({ name: 'x', permissions: ['team.create', 'team.fly'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('team.fly');
    expect(res.body.message).not.toContain('team.create');
  });
});

describe('a key carries only what its member and its issuer both hold', () => {
  it('issues for another active member, narrowed by a list', async () => {
    const res = await mint({ name: 'bot', memberId: adminId, permissions: ['team.create'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ memberId: adminId, permissions: ['team.create'] });
  });

  it('a permission the member lacks is 403', async () => {
    const res = await mint({
      name: 'bot',
      memberId: adminId,
      permissions: ['security_configuration.manage'],
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'forbidden', message: expect.stringContaining('member') });
  });

  it('a permission the caller lacks is 403, with or without a list', async () => {
    const listed = await mint(
      { name: 'officer bot', memberId: adminId, permissions: ['team.create'] },
      officerId,
    );
    expect(listed.status).toBe(403);
    expect(listed.body.message).toContain('team.create');
    const whole = await mint({ name: 'officer bot', memberId: adminId }, officerId);
    expect(whole.status).toBe(403);
    const made = await t.db.query('SELECT id FROM api_keys WHERE name = $1', ['officer bot']);
    expect(made).toEqual([]);
  });

  it('a key for someone else keeps the set granted now, whatever their later role', async () => {
    const res = await mint({ name: 'plain', memberId: plainId });
    expect(res.status).toBe(201);
    expect(res.body.permissions).toEqual([]);
    await t.db.query(
      `UPDATE members SET role_id = (SELECT id FROM roles WHERE org_id = $1 AND name = 'owner')
        WHERE id = $2`,
      [org.id, plainId],
    );
    try {
      const denied = await t.http.get(url()).set('x-api-key', res.body.key);
      expect(denied.status).toBe(403);
    } finally {
      await t.db.query(
        `UPDATE members SET role_id = (SELECT id FROM roles WHERE org_id = $1 AND name = 'member')
          WHERE id = $2`,
        [org.id, plainId],
      );
    }
  });

  it('a foreign or malformed member id is 404; a suspended member 409', async () => {
    const foreign = await createMember(t, other.id, 'foreign@example.com', 'member');
    for (const memberId of [foreign, 'not-a-uuid', 42]) {
      const res = await mint({ name: 'x', memberId });
      expect(res.status).toBe(memberId === 42 ? 400 : 404);
    }
    const suspended = await createMember(t, org.id, 'suspended@example.com');
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [suspended]);
    const res = await mint({ name: 'x', memberId: suspended });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('member_not_active');
  });
});

describe('a key stops working', () => {
  it('when revoked: DELETE is 204, audited once, and the key is 401 at once', async () => {
    const { body } = await mint({ name: 'short-lived' });
    await t.http.get(url()).set('x-api-key', body.key).expect(200);
    const res = await t.http.delete(url(`/${body.id}`)).set(await freshAs(ownerId));
    expect(res.status).toBe(204);
    await t.http.get(url()).set('x-api-key', body.key).expect(401);

    const [row] = await t.db.query(
      'SELECT revoked_at, revoked_reason FROM api_keys WHERE id = $1',
      [body.id],
    );
    expect(row.revoked_reason).toBe('revoked_by_admin');
    expect(new Date(row.revoked_at)).toEqual(t.clock.now());
    await t.http
      .delete(url(`/${body.id}`))
      .set(await freshAs(ownerId))
      .expect(204);
    expect(await auditActions(t, org.id, body.id)).toEqual([
      'organization.api_key.created',
      'organization.api_key.deleted',
    ]);
  });

  it('revoking an unknown, malformed or foreign key id is 404', async () => {
    const foreignOwner = await createMember(t, other.id, 'owner2@example.com', 'owner');
    const foreignKey = await issueTestApiKey(t, other.id, foreignOwner);
    for (const id of [foreignKey.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const res = await t.http.delete(url(`/${id}`)).set(await freshAs(ownerId));
      expect(res.status).toBe(404);
    }
    await t.http.get(`/api/v1/orgs/${other.id}/api-keys`).set(foreignKey.headers).expect(200);
  });

  it('when expired, or presented with a wrong secret', async () => {
    const key = await issueTestApiKey(t, org.id, ownerId, { expiresInDays: 1 });
    const wrong = key.key.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    await t.http.get(url()).set('x-api-key', wrong).expect(401);
    await t.http.get(url()).set(key.headers).expect(200);
    t.clock.advance(DAY_MS);
    const res = await t.http.get(url()).set(key.headers);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthenticated');
  });

  it('when its member is suspended or deprovisioned, at the next request', async () => {
    for (const status of ['suspended', 'deprovisioned']) {
      const memberId = await createMember(t, org.id, `leaver-${status}@example.com`, 'owner');
      const key = await issueTestApiKey(t, org.id, memberId);
      await t.http.get(url()).set(key.headers).expect(200);
      await t.db.query('UPDATE members SET status = $2 WHERE id = $1', [memberId, status]);
      await t.http.get(url()).set(key.headers).expect(401);
    }
  });
});

describe('what a key may do', () => {
  it('lastUsedAt is written at most once a minute', async () => {
    const key = await issueTestApiKey(t, org.id, ownerId);
    const lastUsed = async () => {
      const [row] = await t.db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id]);
      return row.last_used_at && new Date(row.last_used_at).toISOString();
    };
    const first = t.clock.now().toISOString();
    await t.http.get(url()).set(key.headers).expect(200);
    expect(await lastUsed()).toBe(first);
    t.clock.advance(59_000);
    await t.http.get(url()).set(key.headers).expect(200);
    expect(await lastUsed()).toBe(first);
    t.clock.advance(1_000);
    await t.http.get(url()).set(key.headers).expect(200);
    expect(await lastUsed()).toBe(t.clock.now().toISOString());
  });

  it('a narrowed key cannot do what its list omits', async () => {
    const key = await issueTestApiKey(t, org.id, ownerId, { permissions: ['team.create'] });
    const teams = `/api/v1/orgs/${org.id}/teams`;
    const created = await t.http.post(teams).set(key.headers).send({ displayName: 'Narrow' });
    expect(created.status).toBe(201);
    const deleted = await t.http.delete(`${teams}/${created.body.id}`).set(key.headers);
    expect(deleted.status).toBe(403);
    expect(deleted.body.message).toContain('team.delete');
    await t.http.get(url()).set(key.headers).expect(403);
  });

  it('a key never passes the fresh-session check: it cannot mint or revoke keys', async () => {
    const key = await issueTestApiKey(t, org.id, ownerId);
    const minted = await t.http.post(url()).set(key.headers).send({ name: 'child' });
    expect(minted.status).toBe(403);
    expect(minted.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
    const revoked = await t.http.delete(url(`/${key.id}`)).set(key.headers);
    expect(revoked.status).toBe(403);
    expect(revoked.body.error).toBe('reauth');
    await t.http.get(url()).set(key.headers).expect(200);
  });
});

describe('guards', () => {
  it('a session older than 15 minutes must step up before minting', async () => {
    const { headers } = await signIn(t, org.id, ownerId, {
      authenticatedAt: new Date(t.clock.now().getTime() - 16 * 60_000),
    });
    const res = await t.http.post(url()).set(headers).send({ name: 'late' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'reauth', stepUp: '/auth/step-up' });
  });

  it('an admin (no security_configuration.manage) is 403; no credentials is 401', async () => {
    const res = await t.http.get(url()).set(await freshAs(adminId));
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    await t.http.get(url()).expect(401);
  });

  it('another organization’s id is 404', async () => {
    const res = await t.http.get(url('', other.id)).set(await freshAs(ownerId));
    expect(res.status).toBe(404);
  });
});
