import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import { deliverDueWebhooks, startWebhookWorker } from '../../src/events/webhook-worker.js';
import { freePort } from '../support/free-port.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import {
  deliveryLog,
  LOOPBACK_POLICY,
  ownerHeaders,
  registerEndpoint,
  workerDeps,
} from '../support/webhooks.js';

/**
 * Issue 5: webhooks are signed (HMAC-SHA256 over a timestamp and the body), delivered at least
 * once with exponential backoff, in order per organization and endpoint, with a delivery log.
 * A real HTTP receiver on loopback checks every request the way an application would.
 */
let t: TestApp;
const receivers: WebhookReceiver[] = [];
let sequence = 0;

beforeAll(async () => {
  t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  // Worker rounds span every organization: a test's leftovers must not reach the next test.
  await t.db.query('UPDATE webhook_endpoints SET enabled = false');
});
afterAll(() => t.close());

/** A fresh organization with one endpoint pointing at a fresh receiver. */
async function setUp(body: Record<string, unknown> = {}) {
  sequence += 1;
  const org = await createOrgWithScim(t, `hooks-${sequence}`);
  const receiver = await WebhookReceiver.start();
  receivers.push(receiver);
  const endpoint = await registerEndpoint(t, org.id, { url: receiver.url, ...body });
  receiver.secret = endpoint.secret;
  return { org, receiver, endpoint, scim: scimClient(t, org.token) };
}

async function provision(org: TestOrg, ...userNames: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const userName of userNames) {
    const res = await scimClient(t, org.token).post('/Users', userBody(userName));
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

const SECOND = 1000;

describe('a delivery is signed and logged', () => {
  it('POSTs the event with a valid Tessera-Signature and Tessera-Event-Id', async () => {
    const { org, receiver, endpoint } = await setUp({ eventTypes: ['member.created'] });
    const [memberId] = await provision(org, 'signed@example.com');

    const round = await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(round).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0]!;
    expect(hook.signatureValid).toBe(true);
    expect(hook.timestamp).toBe(Math.floor(t.clock.now().getTime() / SECOND));
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.eventId).toBe(hook.body.id);
    expect(hook.body).toMatchObject({
      type: 'member.created',
      organizationId: org.id,
      data: { member: { id: memberId, userName: 'signed@example.com' } },
    });

    const log = await deliveryLog(t, org.id, endpoint.id);
    expect(log.data).toEqual([
      expect.objectContaining({
        eventId: hook.eventId,
        eventType: 'member.created',
        status: 'delivered',
        attempts: 1,
        lastStatus: 200,
        lastError: null,
        deliveredAt: t.clock.now().toISOString(),
      }),
    ]);
    // Sent once: a second round finds nothing due.
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received).toHaveLength(1);
  });

  it('a signature made with another secret does not verify at the receiver', async () => {
    const { org, receiver } = await setUp();
    receiver.secret = 'whsec_not-the-endpoint-secret';
    await provision(org, 'forged@example.com');
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received.length).toBeGreaterThan(0);
    expect(receiver.received.every((h) => !h.signatureValid)).toBe(true);
  });

  it('a rotated secret signs the next delivery; the old one no longer verifies', async () => {
    const { org, receiver, endpoint } = await setUp({ eventTypes: ['member.created'] });
    const res = await t.http
      .post(`/api/v1/orgs/${org.id}/webhooks/${endpoint.id}/rotate-secret`)
      .set(await ownerHeaders(t, org.id));
    expect(res.status).toBe(200);
    expect(res.body.secret).not.toBe(endpoint.secret);
    await provision(org, 'rotated@example.com');
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received[0]!.signatureValid).toBe(false);
    receiver.secret = res.body.secret;
    receiver.received.splice(0);
    await provision(org, 'rotated-2@example.com');
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received[0]!.signatureValid).toBe(true);
  });
});

describe('the polling worker', () => {
  it('delivers on its own and stops when asked, its round finished', async () => {
    const { org, receiver } = await setUp({ eventTypes: ['member.created'] });
    const worker = startWebhookWorker({ ...workerDeps(t), clock: t.clock }, { intervalMs: 20 });
    await provision(org, 'polled@example.com');
    for (let i = 0; i < 200 && receiver.received.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await worker.stop();
    expect(receiver.received.map((h) => h.body.type)).toEqual(['member.created']);

    await provision(org, 'after-stop@example.com');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(1);
  });
});

describe('at-least-once with exponential backoff', () => {
  it('retries after 500s, waiting longer each time, then delivers', async () => {
    const { org, receiver, endpoint } = await setUp({ eventTypes: ['member.created'] });
    let answers = [500, 503];
    receiver.respond = () => answers.shift() ?? 204;
    await provision(org, 'flaky@example.com');
    const deps = workerDeps(t);
    const start = t.clock.now().getTime();

    expect(await deliverDueWebhooks(deps, t.clock.now())).toMatchObject({ retrying: 1 });
    const [{ pending }] = await t.db.query(
      `SELECT count(*)::int AS pending FROM webhook_deliveries WHERE status = 'pending'`,
    );
    expect(pending).toBeGreaterThan(0);
    const depth = await deps.metrics.registry.getSingleMetricAsString('tessera_outbox_depth');
    expect(depth).toContain(`tessera_outbox_depth ${pending}`);
    let [entry] = (await deliveryLog(t, org.id, endpoint.id)).data;
    // First retry: 30 s window, jitter pinned at its middle (upper half: 15–30 s).
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(entry!.lastError).toBe('HTTP 500');
    expect(Date.parse(entry!.nextAttemptAt as string) - start).toBe(22_500);

    // Not due yet: nothing is sent.
    t.clock.advance(20 * SECOND);
    expect(await deliverDueWebhooks(deps, t.clock.now())).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    expect(receiver.received).toHaveLength(1);

    t.clock.advance(3 * SECOND);
    await deliverDueWebhooks(deps, t.clock.now());
    [entry] = (await deliveryLog(t, org.id, endpoint.id)).data;
    expect(entry).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503' });
    const secondWait = Date.parse(entry!.nextAttemptAt as string) - t.clock.now().getTime();
    expect(secondWait).toBe(45_000);

    t.clock.advance(secondWait);
    expect(await deliverDueWebhooks(deps, t.clock.now())).toMatchObject({ delivered: 1 });
    [entry] = (await deliveryLog(t, org.id, endpoint.id)).data;
    expect(entry).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
    expect(new Set(receiver.received.map((h) => h.eventId)).size).toBe(1);
    const failures = await deps.metrics.registry.getSingleMetricAsString(
      'tessera_webhook_delivery_failures_total',
    );
    expect(failures).toContain('reason="http_status"} 2');
    answers = [];
  });

  it('a receiver that is down is retried until it comes up', async () => {
    sequence += 1;
    const org = await createOrgWithScim(t, `hooks-down-${sequence}`);
    const port = await freePort();
    const endpoint = await registerEndpoint(t, org.id, {
      url: `http://127.0.0.1:${port}/hooks`,
      eventTypes: ['member.created'],
    });
    await provision(org, 'patient@example.com');
    const deps = workerDeps(t);

    expect(await deliverDueWebhooks(deps, t.clock.now())).toMatchObject({ retrying: 1 });
    const [entry] = (await deliveryLog(t, org.id, endpoint.id)).data;
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(entry!.lastError).toMatch(/^connection failed/);

    const receiver = await WebhookReceiver.start(port);
    receivers.push(receiver);
    receiver.secret = endpoint.secret;
    t.clock.advance(60 * SECOND);
    expect(await deliverDueWebhooks(deps, t.clock.now())).toMatchObject({ delivered: 1 });
    expect(receiver.received[0]!.signatureValid).toBe(true);
  });

  it('gives up after the last attempt: failed in the log and in a warning', async () => {
    const { org, receiver, endpoint } = await setUp({ eventTypes: ['member.created'] });
    receiver.respond = (hook) =>
      (hook.body.data as { member: { userName: string } }).member.userName.startsWith('doomed')
        ? 500
        : 200;
    await provision(org, 'doomed@example.com', 'after@example.com');
    const deps = workerDeps(t, { maxAttempts: 3 });

    for (let i = 0; i < 3; i++) {
      await deliverDueWebhooks(deps, t.clock.now());
      t.clock.advance(10 * 60 * SECOND);
    }
    const log = await deliveryLog(t, org.id, endpoint.id);
    const byType = log.data.map((d) => [d.status, d.attempts, d.lastError]);
    // Newest first: the later event went out once the earlier one was given up.
    expect(byType).toEqual([
      ['delivered', 1, null],
      ['failed', 3, 'HTTP 500'],
    ]);
    const failedLog = await deliveryLog(t, org.id, endpoint.id, '?status=failed');
    expect(failedLog.data).toHaveLength(1);
    const warning = t.logLines.find(
      (line) => line.includes('giving up') && line.includes(endpoint.id),
    );
    expect(warning).toBeDefined();
    expect(warning).not.toContain(receiver.url);
  });
});

describe('ordering per organization and endpoint', () => {
  it('an event is not sent while an earlier one to that endpoint is pending', async () => {
    const { org, receiver } = await setUp();
    const ids = await provision(org, 'one@example.com', 'two@example.com');
    let failFirst = true;
    receiver.respond = () => (failFirst ? ((failFirst = false), 500) : 200);
    await scimClient(t, org.token)
      .patch(`/Users/${ids[0]}`, patchBody({ op: 'replace', path: 'active', value: false }))
      .expect(200);
    const deps = workerDeps(t);

    await deliverDueWebhooks(deps, t.clock.now());
    // The first event failed; the ones behind it wait.
    expect(receiver.received).toHaveLength(1);
    t.clock.advance(60 * SECOND);
    await deliverDueWebhooks(deps, t.clock.now());

    const sequences = receiver.received.map((h) => h.body.sequence);
    expect(sequences[0]).toBe(sequences[1]);
    const delivered = sequences.slice(1);
    expect(delivered).toEqual([...delivered].sort((a, b) => a - b));
    expect(receiver.received.slice(1).map((h) => h.body.type)).toEqual(
      ['scim_connection.created', 'member.created', 'member.created', 'member.deprovisioned'].slice(
        4 - delivered.length,
      ),
    );
  });

  it('a failing endpoint does not hold back another endpoint of the organization', async () => {
    const { org, receiver } = await setUp({ eventTypes: ['member.created'] });
    receiver.respond = () => 500;
    const healthy = await WebhookReceiver.start();
    receivers.push(healthy);
    const second = await registerEndpoint(t, org.id, {
      url: healthy.url,
      eventTypes: ['member.created'],
    });
    healthy.secret = second.secret;
    await provision(org, 'a@example.com', 'b@example.com');

    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received).toHaveLength(1);
    expect(healthy.received.map((h) => h.body.data)).toEqual([
      expect.objectContaining({ member: expect.objectContaining({ userName: 'a@example.com' }) }),
      expect.objectContaining({ member: expect.objectContaining({ userName: 'b@example.com' }) }),
    ]);
  });

  it('a type filter sends only its types; a disabled endpoint is queued nothing', async () => {
    const { org, receiver, endpoint } = await setUp({ eventTypes: ['member.deprovisioned'] });
    const users = scimClient(t, org.token);
    const [id] = await provision(org, 'filtered@example.com');
    const setActive = (value: boolean) =>
      users.patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'active', value }));
    await setActive(false).expect(200);
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received.map((h) => h.body.type)).toEqual(['member.deprovisioned']);

    const toggle = (enabled: boolean) =>
      t.http
        .patch(`/api/v1/orgs/${org.id}/webhooks/${endpoint.id}`)
        .set(ownerHeadersCache!)
        .send({ enabled })
        .expect(200);
    ownerHeadersCache = await ownerHeaders(t, org.id);
    await toggle(false);
    await setActive(true).expect(200);
    await setActive(false).expect(200);
    await toggle(true);
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(receiver.received).toHaveLength(1);
  });
});

let ownerHeadersCache: Record<string, string> | undefined;
