import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { claimDueDeliveries } from '../../src/events/claim-deliveries.js';
import { deliverDueWebhooks } from '../../src/events/webhook-worker.js';
import { userBody } from '../support/scim-bodies.js';
import { createOrgWithScim, scimClient, startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { LOOPBACK_POLICY, registerEndpoint, workerDeps } from '../support/webhooks.js';

/**
 * Issue 5: several instances run the worker against one database. Claims use `FOR UPDATE SKIP
 * LOCKED` and a lease, so two rounds at once never send one event at the same time, and each
 * endpoint still sees its events in order. Runs on PGlite, and on Postgres (real parallel
 * connections) with TEST_DATABASE_URL.
 */
let t: TestApp;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await t.close();
});

async function endpointFor(orgId: string) {
  const receiver = await WebhookReceiver.start();
  receivers.push(receiver);
  receiver.delayMs = 15;
  const endpoint = await registerEndpoint(t, orgId, {
    url: receiver.url,
    eventTypes: ['member.created'],
  });
  receiver.secret = endpoint.secret;
  return receiver;
}

describe('two workers racing', () => {
  it('never send one event twice at once, and keep each endpoint in order', async () => {
    const orgs = [await createOrgWithScim(t, 'race-a'), await createOrgWithScim(t, 'race-b')];
    const hooks = [
      await endpointFor(orgs[0]!.id),
      await endpointFor(orgs[0]!.id),
      await endpointFor(orgs[1]!.id),
    ];
    const perOrg = 6;
    for (const org of orgs) {
      const scim = scimClient(t, org.token);
      for (let i = 0; i < perOrg; i++) {
        await scim.post('/Users', userBody(`racer-${i}@${org.slug}.example`)).expect(201);
      }
    }

    // Small batches, so the two workers interleave over many claims.
    const one = workerDeps(t, { batchSize: 1 });
    const two = workerDeps(t, { batchSize: 1 });
    const rounds = await Promise.all([
      deliverDueWebhooks(one, t.clock.now()),
      deliverDueWebhooks(two, t.clock.now()),
      deliverDueWebhooks(one, t.clock.now()),
      deliverDueWebhooks(two, t.clock.now()),
    ]);

    expect(rounds.reduce((n, r) => n + r.delivered, 0)).toBe(3 * perOrg);
    for (const hook of hooks) {
      expect(hook.overlaps).toEqual([]);
      const ids = hook.received.map((h) => h.eventId);
      expect(new Set(ids).size).toBe(perOrg);
      expect(ids).toHaveLength(perOrg);
      const sequences = hook.received.map((h) => h.body.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(hook.received.every((h) => h.signatureValid)).toBe(true);
    }
  });

  it('a worker died holding a lease: the delivery is sent again once it ends', async () => {
    const org = await createOrgWithScim(t, 'race-crash');
    const hook = await endpointFor(org.id);
    await scimClient(t, org.token).post('/Users', userBody('orphan@example.com')).expect(201);

    // A worker claims and is never heard of again.
    const now = t.clock.now();
    const leaseUntil = new Date(now.getTime() + 60_000);
    const claimed = await claimDueDeliveries(t.db, now, leaseUntil, 10);
    expect(claimed.filter((c) => c.url === hook.url)).toHaveLength(1);

    // While the lease holds, nobody else sends it.
    await deliverDueWebhooks(workerDeps(t), now);
    expect(hook.received).toHaveLength(0);

    t.clock.advance(61_000);
    await deliverDueWebhooks(workerDeps(t), t.clock.now());
    expect(hook.received).toHaveLength(1);
    const [row] = await t.db.query(
      'SELECT status, attempts FROM webhook_deliveries WHERE id = $1',
      [claimed.find((c) => c.url === hook.url)!.deliveryId],
    );
    expect(row).toEqual({ status: 'delivered', attempts: 2 });
  });
});
