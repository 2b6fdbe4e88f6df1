import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { GENESIS_HASH, hashAuditEvent } from '../../src/audit/audit-chain.js';
import { recordAuditEvent } from '../../src/audit/record-audit-event.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { issueTestApiKey } from '../support/api-keys.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

interface EventView {
  id: string;
  seq: string;
  action: string;
  actor: { type: string; id: string | null };
  target: { type: string; id: string } | null;
  payload: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  prevHash?: string;
  hash?: string;
}

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
let ownerId: string;
let adminId: string;
let memberId: string;
let startedAt: Date;

const url = (path: string, orgId = org.id) => `/api/v1/orgs/${orgId}/${path}`;

async function as(who: string, orgId = org.id) {
  return (await signIn(t, orgId, who)).headers;
}

async function changeGeneral(displayName: string) {
  const res = await t.http
    .put(url('settings/general'))
    .set(await as(ownerId))
    .set('User-Agent', 'audit-test/1.0')
    .send({ displayName });
  expect(res.status).toBe(200);
}

async function list(query: Record<string, string> = {}, who = adminId) {
  return t.http
    .get(url('audit-events'))
    .query(query)
    .set(await as(who));
}

async function exportLines(query: Record<string, string> = {}) {
  const res = await t.http
    .get(url('audit-events/export'))
    .query(query)
    .set(await as(adminId))
    .buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
  expect(res.text.endsWith('\n')).toBe(true);
  return res.text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as EventView);
}

const count = async (orgId = org.id) =>
  (await t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1', [orgId]))[0]
    .n as number;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'audit-api');
  other = await createOrgWithScim(t, 'audit-other');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
  adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
  memberId = await createMember(t, org.id, 'member@example.com');
  startedAt = t.clock.now();
  // A series of admin changes, a minute apart, for the filters and the chain to work on.
  for (const name of ['One', 'Two', 'Three', 'Four', 'Five']) {
    t.clock.advance(60_000);
    await changeGeneral(name);
  }
});
afterAll(() => t.close());

describe('GET audit-events', () => {
  it('needs audit.read: a plain member is 403; admin and an audit.read key may read', async () => {
    const denied = await list({}, memberId);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('forbidden');
    expect((await list()).status).toBe(200);
    const key = await issueTestApiKey(t, org.id, adminId, { permissions: ['audit.read'] });
    await t.http.get(url('audit-events')).set(key.headers).expect(200);
  });

  it('answers newest first with the documented fields, and reading is not audited', async () => {
    const before = await count();
    const res = await list();
    expect(await count()).toBe(before);
    const events: EventView[] = res.body.data;
    const seqs = events.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(res.body.nextCursor).toBeNull();
    const latest = events.find((e) => e.action === 'organization.settings.updated')!;
    expect(latest).toEqual({
      id: expect.any(String),
      seq: expect.stringMatching(/^[0-9]+$/),
      action: 'organization.settings.updated',
      actor: { type: 'member', id: ownerId },
      target: { type: 'organization', id: org.id },
      payload: { section: 'general', changedKeys: 'displayName' },
      requestId: expect.any(String),
      ip: expect.any(String),
      userAgent: 'audit-test/1.0',
      createdAt: new Date(startedAt.getTime() + 5 * 60_000).toISOString(),
    });
  });

  it('pages with an opaque cursor through every event exactly once', async () => {
    const all = (await list({ limit: '200' })).body.data.map((e: EventView) => e.seq);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await list(cursor ? { limit: '2', cursor } : { limit: '2' });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((e: EventView) => e.seq));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('filters by exact action, action prefix, actor, target and time', async () => {
    const actions = async (query: Record<string, string>) =>
      (await list(query)).body.data.map((e: EventView) => e.action);
    expect(await actions({ action: 'organization.settings.updated' })).toHaveLength(5);
    expect(await actions({ action: 'organization.settings.*' })).toHaveLength(5);
    expect(await actions({ action: 'organization.scim.*' })).toEqual([
      'organization.scim.connection_created',
    ]);
    // `_` is not a wildcard: this prefix matches nothing.
    expect(await actions({ action: 'organization_*' })).toEqual([]);
    expect(await actions({ actorType: 'operator' })).toEqual([
      'organization.scim.connection_created',
      'organization.created',
    ]);
    expect(await actions({ actorId: ownerId })).toHaveLength(5);
    expect(await actions({ targetType: 'organization', targetId: org.id })).toContain(
      'organization.created',
    );
    const window = {
      since: new Date(startedAt.getTime() + 2 * 60_000).toISOString(),
      until: new Date(startedAt.getTime() + 4 * 60_000).toISOString(),
    };
    const inWindow = (await list(window)).body.data as EventView[];
    expect(inWindow.map((e) => e.payload)).toHaveLength(2);
    expect(inWindow.map((e) => e.createdAt)).toEqual([
      new Date(startedAt.getTime() + 3 * 60_000).toISOString(),
      new Date(startedAt.getTime() + 2 * 60_000).toISOString(),
    ]);
  });

  it.each([
    [{ limit: '0' }, 'invalid_query', /limit/],
    [{ limit: '201' }, 'invalid_query', /limit/],
    [{ limit: 'ten' }, 'invalid_query', /limit/],
    [{ since: 'yesterday' }, 'invalid_query', /since/],
    [{ until: '2026-02-30' }, 'invalid_query', /until/],
    [{ since: '2026-12-02', until: '2026-12-01' }, 'invalid_query', /before/],
    [{ actorType: 'robot' }, 'invalid_query', /actorType/],
    [{ action: 'a*b' }, 'invalid_query', /action/],
    [{ actor: 'x' }, 'invalid_query', /unknown query parameters: actor/],
    [{ cursor: 'not-ours' }, 'invalid_cursor', /cursor/],
    [{ cursor: Buffer.from('v1:0').toString('base64url') }, 'invalid_cursor', /cursor/],
  ])('%j is 400 %s', async (query, code, why) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: code, message: expect.stringMatching(why) });
  });

  it('a parameter given twice is 400, not a 500', async () => {
    const res = await t.http.get(`${url('audit-events')}?limit=1&limit=2`).set(await as(adminId));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_query', message: expect.stringMatching(/limit/) });
  });
});

describe('GET audit-events/export', () => {
  it('streams the whole trail oldest first, ending with its own audited export', async () => {
    const before = await count();
    const lines = await exportLines();
    expect(await count()).toBe(before + 1);
    expect(lines.map((e) => Number(e.seq))).toEqual(lines.map((_, i) => i + 1));
    expect(lines.at(-1)).toMatchObject({
      action: 'organization.audit.exported',
      actor: { type: 'member', id: adminId },
      payload: {},
    });
  });

  it('carries the chain: a consumer can verify every hash from the genesis', async () => {
    let prevHash = GENESIS_HASH;
    for (const e of await exportLines()) {
      expect(e.prevHash).toBe(prevHash);
      const fields = {
        orgId: org.id,
        seq: e.seq,
        actorType: e.actor.type,
        actorId: e.actor.id,
        action: e.action,
        targetType: e.target?.type ?? null,
        targetId: e.target?.id ?? null,
        payload: e.payload,
        requestId: e.requestId,
        ip: e.ip,
        userAgent: e.userAgent,
        createdAt: new Date(e.createdAt),
      };
      expect(hashAuditEvent(prevHash, fields)).toBe(e.hash);
      prevHash = e.hash!;
    }
  });

  it('applies the filters and records them in the export event', async () => {
    const since = new Date(startedAt.getTime() + 3 * 60_000).toISOString();
    const lines = await exportLines({ action: 'organization.settings.*', since });
    expect(lines.map((e) => e.payload.changedKeys)).toEqual([
      'displayName',
      'displayName',
      'displayName',
    ]);
    const [event] = await t.db.query(
      `SELECT payload FROM audit_events WHERE org_id = $1 AND action = 'organization.audit.exported'
        ORDER BY seq DESC LIMIT 1`,
      [org.id],
    );
    expect(event.payload).toEqual({ action: 'organization.settings.*', since });
  });

  it('reads more than one page from the database', async () => {
    const bulk = await createOrgWithScim(t, 'audit-bulk');
    const reader = await createMember(t, bulk.id, 'reader@bulk.test', 'admin');
    await t.db.transaction(async (manager) => {
      for (let i = 0; i < 1200; i++) {
        await recordAuditEvent(manager, {
          orgId: bulk.id,
          actor: { type: 'system', id: null },
          action: 'test.bulk',
          payload: { i },
          at: t.clock.now(),
        });
      }
    });
    const res = await t.http
      .get(url('audit-events/export', bulk.id))
      .set(await as(reader, bulk.id))
      .buffer(true);
    const seqs = res.text
      .trimEnd()
      .split('\n')
      .map((l) => Number(JSON.parse(l).seq));
    expect(seqs).toHaveLength(1203);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('HEAD answers the headers and neither reads nor records anything', async () => {
    const before = await count();
    const res = await t.http.head(url('audit-events/export')).set(await as(adminId));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(await count()).toBe(before);
  });

  it('verifies by the algorithm the README gives, without Tessera’s code', async () => {
    let prev = '0'.repeat(64);
    for (const e of await exportLines()) {
      const pairs = Object.keys(e.payload)
        .sort()
        .map((key) => [key, e.payload[key]]);
      const fields = [org.id, e.seq, e.actor.type, e.actor.id, e.action, e.target?.type ?? null];
      const rest = [e.target?.id ?? null, pairs, e.requestId, e.ip, e.userAgent, e.createdAt];
      const digest = createHash('sha256')
        .update(prev + JSON.stringify([...fields, ...rest]))
        .digest('hex');
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(digest);
      prev = digest;
    }
  });

  it('a cookie without the anti-CSRF header cannot start an export', async () => {
    const before = await count();
    const { Cookie } = await as(adminId);
    const res = await t.http.get(url('audit-events/export')).set('Cookie', Cookie);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('csrf');
    expect(await count()).toBe(before);
  });

  it('bad filters are 400 before anything is audited; paging parameters are refused', async () => {
    const before = await count();
    for (const query of [{ since: 'soon' }, { limit: '10' }, { cursor: 'x' }]) {
      const res = await t.http
        .get(url('audit-events/export'))
        .query(query)
        .set(await as(adminId));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_query');
    }
    expect(await count()).toBe(before);
  });
});

describe('the trail is append-only, chained and per organization', () => {
  it('UPDATE and DELETE on audit_events fail at the database', async () => {
    await expect(
      t.db.query("UPDATE audit_events SET action = 'x' WHERE org_id = $1", [org.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.query('DELETE FROM audit_events WHERE org_id = $1', [org.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('another organization’s events are never visible', async () => {
    const outsider = await createMember(t, other.id, 'admin@other.test', 'admin');
    const headers = await as(outsider, other.id);
    await t.http.get(url('audit-events')).set(headers).expect(404);
    await t.http.get(url('audit-events/export')).set(headers).expect(404);
    const own = await t.http
      .get(url('audit-events', other.id))
      .query({ targetId: org.id })
      .set(headers);
    expect(own.status).toBe(200);
    expect(own.body.data).toEqual([]);
    const all = await t.http.get(url('audit-events', other.id)).set(headers);
    expect(all.body.data.every((e: EventView) => e.target?.id !== org.id)).toBe(true);
  });

  it('the chain verifies after the admin changes, and a tampered row is found', async () => {
    const report = await verifyAuditChain(t.db, org.id);
    expect(report).toEqual({ ok: true, events: await count() });
    const [target] = await t.db.query(
      `SELECT seq::text AS seq FROM audit_events
        WHERE org_id = $1 AND action = 'organization.settings.updated' ORDER BY seq LIMIT 1`,
      [org.id],
    );
    await t.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    try {
      await t.db.query(
        `UPDATE audit_events SET payload = '{"section":"billing","changedKeys":"plan"}'
          WHERE org_id = $1 AND seq = $2`,
        [org.id, target.seq],
      );
    } finally {
      await t.db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    }
    expect(await verifyAuditChain(t.db, org.id)).toMatchObject({
      ok: false,
      brokenAt: target.seq,
      reason: 'hash mismatch',
    });
    expect(await verifyAuditChain(t.db, other.id)).toMatchObject({ ok: true });
  });
});
