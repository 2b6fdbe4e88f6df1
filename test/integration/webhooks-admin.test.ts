import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { EVENT_TYPES } from '../../src/events/event-types.js';
import { deliverDueWebhooks } from '../../src/events/webhook-worker.js';
import { issueTestApiKey } from '../support/api-keys.js';
import { OpenApiContract } from '../support/openapi-validator.js';
import { userBody } from '../support/scim-bodies.js';
import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { deliveryLog, LOOPBACK_POLICY, workerDeps } from '../support/webhooks.js';

/**
 * The admin API of issue 5's events: endpoints (security configuration: rule 1, fresh session
 * for changes: rule 2, the secret shown once: rule 8), the delivery log, and the replay.
 * The app allows plain http for its loopback receiver; the https rule of the production policy
 * is in test/unit/webhook-url.test.ts and the contract cases.
 */
let t: TestApp;
let org: TestOrg;
let owner: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
  org = await createOrgWithScim(t, 'webhook-admin');
  const ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
  owner = (await signIn(t, org.id, ownerId)).headers;
});
afterAll(() => t.close());

const url = (path = '') => `/api/v1/orgs/${org.id}/webhooks${path}`;
const HOOK = 'https://hooks.example.test/tessera?token=abc';

async function create(body: Record<string, unknown> = { url: HOOK }) {
  const res = await t.http.post(url()).set(owner).send(body);
  expect(res.status).toBe(201);
  return res.body as Record<string, unknown> & { id: string; secret: string };
}

describe('endpoints', () => {
  it('openapi.yaml lists exactly the event types the server sends', () => {
    const schema = new OpenApiContract().at('#/components/schemas/WebhookEventType');
    expect([...(schema as { enum: string[] }).enum].sort()).toEqual([...EVENT_TYPES]);
  });

  it('registers one: 201, the secret once, never again; audited with the host only', async () => {
    const made = await create({
      url: HOOK,
      eventTypes: ['member.deprovisioned', 'member.created'],
    });
    expect(made).toMatchObject({
      url: HOOK,
      enabled: true,
      description: '',
      eventTypes: ['member.created', 'member.deprovisioned'],
    });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const read = await t.http.get(url(`/${made.id}`)).set(owner);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    const list = await t.http.get(url()).set(owner);
    expect(JSON.stringify(list.body)).not.toContain(made.secret);
    const [stored] = await t.db.query(
      'SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1',
      [made.id],
    );
    expect(stored.secret_encrypted).not.toContain(made.secret.slice(6));

    expect(await auditActions(t, org.id, made.id)).toEqual(['organization.webhook.created']);
    const [event] = await t.db.query(`SELECT payload FROM audit_events WHERE target_id = $1`, [
      made.id,
    ]);
    expect(event.payload).toMatchObject({ host: 'hooks.example.test' });
    expect(JSON.stringify(event.payload)).not.toContain('token=abc');
  });

  it('refuses other schemes, credentials in the URL and unknown event types', async () => {
    for (const body of [
      { url: 'ftp://hooks.example.test/x' },
      { url: 'https://user:pw@hooks.example.test/x' },
      { url: 'not a url' },
      { url: HOOK, eventTypes: ['member.exploded'] },
      { url: HOOK, secret: 'mine' },
    ]) {
      const res = await t.http.post(url()).set(owner).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
    const res = await t.http
      .post(url())
      .set(owner)
      .send({ url: HOOK, eventTypes: ['x.y'] });
    expect(res.body.message).toContain('x.y');
  });

  it('PATCH changes fields and is audited; DELETE removes it and is audited', async () => {
    const made = await create();
    const patched = await t.http
      .patch(url(`/${made.id}`))
      .set(owner)
      .send({ enabled: false, description: 'CRM sync' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: false, description: 'CRM sync', url: HOOK });
    expect(
      (
        await t.http
          .patch(url(`/${made.id}`))
          .set(owner)
          .send({})
      ).status,
    ).toBe(400);

    await t.http
      .delete(url(`/${made.id}`))
      .set(owner)
      .expect(204);
    expect((await t.http.get(url(`/${made.id}`)).set(owner)).status).toBe(404);
    expect(await auditActions(t, org.id, made.id)).toEqual([
      'organization.webhook.created',
      'organization.webhook.updated',
      'organization.webhook.deleted',
    ]);
  });

  it('needs security_configuration.manage; changes need a fresh session', async () => {
    const adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
    const admin = (await signIn(t, org.id, adminId)).headers;
    expect((await t.http.get(url()).set(admin)).status).toBe(403);

    const [ownerRow] = await t.db.query(
      `SELECT id FROM members WHERE org_id = $1 AND user_name = 'owner@example.com'`,
      [org.id],
    );
    const key = await issueTestApiKey(t, org.id, ownerRow.id);
    expect((await t.http.get(url()).set(key.headers)).status).toBe(200);
    const res = await t.http.post(url()).set(key.headers).send({ url: HOOK });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('reauth');
  });
});

describe('the delivery log', () => {
  it('pages newest first with a cursor and filters by status', async () => {
    const o = await createOrgWithScim(t, 'log-org');
    const receiver = await WebhookReceiver.start();
    const ownerId = await createMember(t, o.id, 'o@example.com', 'owner');
    const headers = (await signIn(t, o.id, ownerId)).headers;
    const made = await t.http
      .post(`/api/v1/orgs/${o.id}/webhooks`)
      .set(headers)
      .send({ url: receiver.url, eventTypes: ['member.created'] });
    receiver.secret = made.body.secret;
    receiver.respond = (hook) => (hook.body.sequence % 2 === 0 ? 200 : 500);
    for (const n of [1, 2, 3]) {
      await scimClient(t, o.token)
        .post('/Users', userBody(`u${n}@example.com`))
        .expect(201);
    }
    await deliverDueWebhooks(workerDeps(t, { maxAttempts: 1 }), t.clock.now());
    await receiver.close();

    const log = (query: string) => deliveryLog(t, o.id, made.body.id, query);
    const first = await log('?limit=2');
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await log(`?limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ nextCursor: null });
    const sequences = [...first.data, ...second.data].map((d) => d.sequence as number);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    expect(new Set(sequences).size).toBe(3);

    const failed = await log('?status=failed');
    expect(failed.data.length).toBeGreaterThan(0);
    for (const d of failed.data)
      expect(d).toMatchObject({ status: 'failed', lastError: 'HTTP 500' });
    const bad = await t.http
      .get(`/api/v1/orgs/${o.id}/webhooks/${made.body.id}/deliveries?cursor=nope`)
      .set(headers);
    expect(bad.status).toBe(400);
  });
});

describe('GET /events: replay from a cursor', () => {
  const events = (query = '') => t.http.get(`/api/v1/orgs/${org.id}/events${query}`).set(owner);

  it('pages the stream oldest first; the last cursor picks up later events', async () => {
    const scim = scimClient(t, org.token);
    for (const n of [1, 2, 3]) {
      await scim.post('/Users', userBody(`replay${n}@example.com`)).expect(201);
    }
    const all = await events('?limit=500');
    expect(all.status).toBe(200);
    const sequences = all.body.data.map((e: { sequence: number }) => e.sequence);
    expect(sequences).toEqual(sequences.map((_: number, i: number) => i + 1));
    expect(all.body.hasMore).toBe(false);

    const seen: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await events(`?limit=2${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...page.body.data.map((e: { sequence: number }) => e.sequence));
      cursor = page.body.nextCursor;
      if (!page.body.hasMore) break;
    }
    expect(seen).toEqual(sequences);

    const tail = await events(`?after=${cursor}`);
    expect(tail.body).toEqual({ data: [], nextCursor: cursor, hasMore: false });
    await scim.post('/Users', userBody('later@example.com')).expect(201);
    const later = await events(`?after=${cursor}`);
    expect(later.body.data).toEqual([
      expect.objectContaining({
        type: 'member.created',
        organizationId: org.id,
        sequence: sequences.length + 1,
      }),
    ]);
  });

  it('needs audit.read; a cursor this API did not issue is 400', async () => {
    const memberId = await createMember(t, org.id, 'plain@example.com');
    const plain = (await signIn(t, org.id, memberId)).headers;
    expect((await t.http.get(`/api/v1/orgs/${org.id}/events`).set(plain)).status).toBe(403);
    const res = await events('?after=bm9wZQ');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_cursor');
    expect((await events('?limit=0')).status).toBe(400);
  });
});
