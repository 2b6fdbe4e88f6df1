import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { GROUP_SCHEMA, userBody } from '../support/scim-bodies.js';
import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  SCIM_BASE,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

const TOKEN_SHAPE = /^tss_[0-9a-f-]{36}_[0-9a-f]{64}$/;
const MINUTE_MS = 60_000;

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let ownerId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'directories');
  other = await createOrgWithScim(t, 'directories-other');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
});
afterAll(() => t.close());

const url = (path = '', orgId = org.id) => `/api/v1/orgs/${orgId}/scim-connections${path}`;
const fresh = async () => (await signIn(t, org.id, ownerId)).headers;

async function connect(name: string) {
  const res = await t.http
    .post(url())
    .set(await fresh())
    .send({ name });
  expect(res.status).toBe(201);
  return res.body as { connectionId: string; baseUrl: string; token: string };
}

describe('POST scim-connections', () => {
  it('answers 201 with the SCIM base URL and a token shown once, audited', async () => {
    const res = await t.http
      .post(url())
      .set(await fresh())
      .send({ name: 'Okta' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ baseUrl: SCIM_BASE, name: 'Okta' });
    expect(res.body.token).toMatch(TOKEN_SHAPE);

    const users = await scimClient(t, res.body.token).get('/Users');
    expect(users.status).toBe(200);
    const events = await auditActions(t, org.id, res.body.connectionId);
    expect(events).toEqual(['organization.scim.connection_created']);
    expect(t.logLines.join('')).not.toContain(res.body.token);
  });

  it('a missing or blank name is 400 naming it', async () => {
    for (const body of [{}, { name: ' ' }, { name: 7 }]) {
      const res = await t.http
        .post(url())
        .set(await fresh())
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: 'invalid_request',
        message: expect.stringContaining('name'),
      });
    }
  });
});

describe('GET scim-connections', () => {
  it('lists ids, names, use and live tokens, never a token or its hash', async () => {
    const made = await connect('Entra');
    await scimClient(t, made.token).get('/Users').expect(200);
    const res = await t.http.get(url()).set(await fresh());
    expect(res.status).toBe(200);
    const listed = res.body.data.find((c: { id: string }) => c.id === made.connectionId);
    expect(listed).toEqual({
      id: made.connectionId,
      name: 'Entra',
      createdAt: t.clock.now().toISOString(),
      lastUsedAt: t.clock.now().toISOString(),
      liveTokens: 1,
      soonestTokenExpiry: null,
    });
    expect(res.text).not.toContain(made.token.split('_')[2]);
    expect(res.text).not.toMatch(/hash/i);
    expect(res.body.data.map((c: { id: string }) => c.id)).not.toContain(other.connectionId);
  });
});

describe('POST scim-connections/{id}/rotate', () => {
  it('issues a new token; the old one works through the overlap, then is 401', async () => {
    const made = await connect('JumpCloud');
    const res = await t.http
      .post(url(`/${made.connectionId}/rotate`))
      .set(await fresh())
      .send({ overlapMinutes: 10 });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(TOKEN_SHAPE);
    const ends = new Date(t.clock.now().getTime() + 10 * MINUTE_MS).toISOString();
    expect(res.body.previousTokensExpireAt).toBe(ends);

    const listed = await t.http.get(url()).set(await fresh());
    const row = listed.body.data.find((c: { id: string }) => c.id === made.connectionId);
    expect(row).toMatchObject({ liveTokens: 2, soonestTokenExpiry: ends });

    t.clock.advance(10 * MINUTE_MS - 1);
    await scimClient(t, made.token).get('/Users').expect(200);
    t.clock.advance(1);
    await scimClient(t, made.token).get('/Users').expect(401);
    await scimClient(t, res.body.token).get('/Users').expect(200);
    expect(await auditActions(t, org.id, made.connectionId)).toContain(
      'organization.scim.token_rotated',
    );
  });

  it('the overlap defaults to 60 minutes; a bad one is 400', async () => {
    const made = await connect('OneLogin');
    const res = await t.http.post(url(`/${made.connectionId}/rotate`)).set(await fresh());
    expect(res.status).toBe(200);
    t.clock.advance(60 * MINUTE_MS - 1);
    await scimClient(t, made.token).get('/Users').expect(200);
    t.clock.advance(1);
    await scimClient(t, made.token).get('/Users').expect(401);

    for (const overlapMinutes of [-1, 1.5, 7 * 24 * 60 + 1, '10']) {
      const bad = await t.http
        .post(url(`/${made.connectionId}/rotate`))
        .set(await fresh())
        .send({ overlapMinutes });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('overlapMinutes');
    }
  });

  it('another organization’s connection, or a malformed id, is 404', async () => {
    for (const id of [other.connectionId, 'nope']) {
      const res = await t.http
        .post(url(`/${id}/rotate`))
        .set(await fresh())
        .send({});
      expect(res.status).toBe(404);
    }
  });
});

describe('DELETE scim-connections/{id}', () => {
  it('stops its tokens at once and releases what it provisioned', async () => {
    const made = await connect('Google');
    const scim = scimClient(t, made.token);
    const user = await scim.post('/Users', userBody('dir-user@example.com'));
    const group = await scim.post('/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Directory team',
      members: [{ value: user.body.id }],
    });
    expect(group.status).toBe(201);

    const res = await t.http.delete(url(`/${made.connectionId}`)).set(await fresh());
    expect(res.status).toBe(204);
    await scim.get('/Users').expect(401);
    expect(
      await t.db.query('SELECT id FROM scim_tokens WHERE connection_id = $1', [made.connectionId]),
    ).toEqual([]);

    const [member] = await t.db.query(
      'SELECT status, scim_connection_id FROM members WHERE id = $1',
      [user.body.id],
    );
    expect(member).toEqual({ status: 'active', scim_connection_id: null });
    const team = await t.http
      .get(`/api/v1/orgs/${org.id}/teams/${group.body.id}`)
      .set(await fresh());
    expect(team.body).toMatchObject({ directoryManaged: false, memberCount: 1 });
    // No longer directory-managed: an admin may now rename it.
    await t.http
      .patch(`/api/v1/orgs/${org.id}/teams/${group.body.id}`)
      .set(await fresh())
      .send({ displayName: 'Formerly directory' })
      .expect(200);

    const [event] = await t.db.query(
      `SELECT payload FROM audit_events WHERE target_id = $1
        AND action = 'organization.scim.connection_deleted'`,
      [made.connectionId],
    );
    expect(event.payload).toEqual({ name: 'Google', membersReleased: 1, teamsReleased: 1 });
    const again = await t.http.delete(url(`/${made.connectionId}`)).set(await fresh());
    expect(again.status).toBe(404);
  });

  it('another organization’s connection is 404 and keeps working', async () => {
    const res = await t.http.delete(url(`/${other.connectionId}`)).set(await fresh());
    expect(res.status).toBe(404);
    await scimClient(t, other.token).get('/Users').expect(200);
  });
});

describe('guards', () => {
  it('writes need a fresh session: an API key or a stale session is 403 reauth', async () => {
    const key = await issueTestApiKey(t, org.id, ownerId);
    await t.http.get(url()).set(key.headers).expect(200);
    const byKey = await t.http.post(url()).set(key.headers).send({ name: 'sneaky' });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error).toBe('reauth');
    const rotate = await t.http.post(url(`/${org.connectionId}/rotate`)).set(key.headers);
    expect(rotate.status).toBe(403);
    const remove = await t.http.delete(url(`/${org.connectionId}`)).set(key.headers);
    expect(remove.status).toBe(403);

    const { headers } = await signIn(t, org.id, ownerId, {
      authenticatedAt: new Date(t.clock.now().getTime() - 16 * MINUTE_MS),
    });
    const stale = await t.http.post(url()).set(headers).send({ name: 'late' });
    expect(stale.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
    await scimClient(t, org.token).get('/Users').expect(200);
  });

  it('an admin without security_configuration.manage is 403 forbidden', async () => {
    const adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
    const { headers } = await signIn(t, org.id, adminId);
    const res = await t.http.get(url()).set(headers);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });
});
