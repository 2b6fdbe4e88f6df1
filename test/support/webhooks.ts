import { expect } from '@jest/globals';

import { createMetrics } from '../../src/ops/metrics.js';
import {
  createOutboundFetch,
  DEFAULT_OUTBOUND_POLICY,
  type OutboundPolicy,
} from '../../src/ops/outbound-http.js';
import type { WebhookWorkerDeps } from '../../src/events/webhook-worker.js';
import { recordTestSecret } from './secret-ledger.js';
import { createMember, signIn } from './sessions.js';
import type { TestApp } from './test-app.js';

/** Receivers in these tests listen on loopback over plain http. */
export const LOOPBACK_POLICY: OutboundPolicy = {
  ...DEFAULT_OUTBOUND_POLICY,
  allowHttp: true,
  allowPrivateNetworks: true,
  timeoutMs: 2_000,
};

/** What the delivery worker runs with, on the test app's database, keys and log. */
export function workerDeps(t: TestApp, overrides: Partial<WebhookWorkerDeps> = {}) {
  return {
    db: t.db,
    keyring: t.keyring,
    logger: t.logger,
    metrics: createMetrics(),
    outboundPolicy: LOOPBACK_POLICY,
    outboundFetch: createOutboundFetch(LOOPBACK_POLICY),
    random: () => 0.5,
    ...overrides,
  } satisfies WebhookWorkerDeps;
}

/** Headers of a freshly signed-in owner of `orgId` (made on first use). */
export async function ownerHeaders(t: TestApp, orgId: string): Promise<Record<string, string>> {
  const [owner] = await t.db.query(
    `SELECT m.id FROM members m JOIN roles r ON r.id = m.role_id
      WHERE m.org_id = $1 AND r.name = 'owner' AND m.status = 'active' LIMIT 1`,
    [orgId],
  );
  const id = owner?.id ?? (await createMember(t, orgId, `owner-${orgId}@example.com`, 'owner'));
  return (await signIn(t, orgId, id)).headers;
}

/** Registers an endpoint through the admin API; returns its id and the secret shown once. */
export async function registerEndpoint(
  t: TestApp,
  orgId: string,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const res = await t.http
    .post(`/api/v1/orgs/${orgId}/webhooks`)
    .set(await ownerHeaders(t, orgId))
    .send(body);
  expect(res.status).toBe(201);
  recordTestSecret('webhook secret', res.body.secret);
  return { id: res.body.id, secret: res.body.secret };
}

/** The delivery log of an endpoint, as the admin API shows it. */
export async function deliveryLog(t: TestApp, orgId: string, endpointId: string, query = '') {
  const res = await t.http
    .get(`/api/v1/orgs/${orgId}/webhooks/${endpointId}/deliveries${query}`)
    .set(await ownerHeaders(t, orgId));
  expect(res.status).toBe(200);
  return res.body as { data: Record<string, unknown>[]; nextCursor: string | null };
}
