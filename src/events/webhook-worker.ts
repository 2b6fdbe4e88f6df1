import type { DataSource } from 'typeorm';

import type { Clock } from '../clock.js';

import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { OutboundFetch, OutboundPolicy } from '../ops/outbound-http.js';
import type { Keyring } from '../secrets/keyring.js';
import { claimDueDeliveries, type ClaimedDelivery } from './claim-deliveries.js';
import { toEventView } from './list-events.js';
import { sendWebhook, type SendOutcome } from './send-webhook.js';
import { DEFAULT_MAX_ATTEMPTS, retryDelayMs } from './webhook-backoff.js';
import { openWebhookSecret } from './webhook-secret.js';

export interface WebhookWorkerDeps {
  db: DataSource;
  keyring: Keyring;
  logger: Logger;
  metrics: Metrics;
  outboundFetch: OutboundFetch;
  outboundPolicy: OutboundPolicy;
  /** Jitter source; tests may pin it. */
  random?: () => number;
  maxAttempts?: number;
  /** Deliveries claimed per round (one per endpoint at most). */
  batchSize?: number;
}

const DEFAULT_BATCH = 20;
/** Claim cycles per round, so one round cannot run for ever behind a busy outbox. */
const MAX_CYCLES = 50;
const MAX_TIMEOUT_MS = 10_000;
// The lease outlives the request's own timeout by a wide margin, so a slow but live worker is
// never overtaken; a dead one's deliveries come back after it.
const LEASE_MARGIN_MS = 60_000;
const ROUND_BUDGET_MS = LEASE_MARGIN_MS / 2;

export interface DeliveryRound {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * One round of the worker: claim the due deliveries, send each, record the outcome, and claim
 * again while there is work (an endpoint's next event becomes due when its previous one is
 * delivered), up to MAX_CYCLES or ROUND_BUDGET_MS. Safe to run from several processes, or twice
 * at once in one: a delivery is leased to one round at a time.
 */
export async function deliverDueWebhooks(
  deps: WebhookWorkerDeps,
  now: Date,
): Promise<DeliveryRound> {
  const round: DeliveryRound = { delivered: 0, retrying: 0, failed: 0 };
  const started = performance.now();
  for (let cycle = 0; cycle < MAX_CYCLES; cycle++) {
    if ((await deliverBatch(deps, now, round)) === 0) break;
    // Leases are reckoned from `now`; ending the round while real time is still well inside the
    // margin keeps every lease it takes ahead of the wall clock.
    if (performance.now() - started > ROUND_BUDGET_MS) break;
  }
  await updateOutboxDepth(deps);
  return round;
}

async function deliverBatch(deps: WebhookWorkerDeps, now: Date, round: DeliveryRound) {
  const timeoutMs = Math.min(deps.outboundPolicy.timeoutMs, MAX_TIMEOUT_MS);
  const leaseUntil = new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS);
  const batch = deps.batchSize ?? DEFAULT_BATCH;
  const claimed = await claimDueDeliveries(deps.db, now, leaseUntil, batch);
  await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await attempt(deps, delivery, now, timeoutMs);
      round[await finish(deps, delivery, outcome, now)] += 1;
    }),
  );
  return claimed.length;
}

async function attempt(
  deps: WebhookWorkerDeps,
  delivery: ClaimedDelivery,
  now: Date,
  timeoutMs: number,
): Promise<SendOutcome> {
  let secret: string;
  try {
    secret = openWebhookSecret(deps.keyring, delivery.endpointId, delivery.secretEncrypted);
  } catch {
    return { ok: false, status: null, reason: 'secret', error: 'signing secret cannot be opened' };
  }
  const event = toEventView(delivery.event);
  return sendWebhook(deps.outboundFetch, {
    url: delivery.url,
    eventId: event.id,
    body: JSON.stringify(event),
    secret,
    now,
    timeoutMs,
  });
}

/** Records the attempt, but only while this round still holds the lease (fencing). */
async function finish(
  deps: WebhookWorkerDeps,
  delivery: ClaimedDelivery,
  outcome: SendOutcome,
  now: Date,
): Promise<keyof DeliveryRound> {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const result: keyof DeliveryRound = outcome.ok
    ? 'delivered'
    : delivery.attempts >= maxAttempts
      ? 'failed'
      : 'retrying';
  const retryAt = new Date(now.getTime() + retryDelayMs(delivery.attempts, deps.random));
  await deps.db.query(
    `UPDATE webhook_deliveries
        SET status = $3, last_status = $4, last_error = $5, next_attempt_at = $6,
            delivered_at = $7, lease_id = NULL, leased_until = NULL, updated_at = $8
      WHERE id = $1 AND lease_id = $2`,
    [
      delivery.deliveryId,
      delivery.leaseId,
      result === 'retrying' ? 'pending' : result,
      outcome.status,
      outcome.ok ? null : outcome.error,
      result === 'retrying' ? retryAt : now,
      outcome.ok ? now : null,
      now,
    ],
  );
  report(deps, delivery, outcome, result);
  return result;
}

function report(
  deps: WebhookWorkerDeps,
  delivery: ClaimedDelivery,
  outcome: SendOutcome,
  result: keyof DeliveryRound,
): void {
  deps.metrics.webhookDeliveries.inc({ result });
  if (outcome.ok) return;
  deps.metrics.webhookFailures.inc({ reason: outcome.reason });
  // The URL stays out of the log: its query may carry the receiver's token.
  const context = {
    orgId: delivery.event.orgId,
    endpointId: delivery.endpointId,
    deliveryId: delivery.deliveryId,
    eventId: delivery.event.id,
    attempts: delivery.attempts,
    reason: outcome.reason,
    error: outcome.error,
  };
  if (result === 'failed') deps.logger.warn(context, 'webhook delivery failed; giving up');
  else deps.logger.info(context, 'webhook delivery failed; will retry');
}

async function updateOutboxDepth(deps: WebhookWorkerDeps): Promise<void> {
  const [{ depth }] = await deps.db.query(
    `SELECT count(*)::int AS depth FROM webhook_deliveries WHERE status = 'pending'`,
  );
  deps.metrics.outboxDepth.set(depth);
}

export const DEFAULT_POLL_INTERVAL_MS = 2_000;

/**
 * Polls every `intervalMs` until stopped. Rounds never overlap within one process (the next is
 * scheduled when the last ends); a failed round (database down) is logged and the next one tries
 * again. `stop` waits for the round in progress, so the caller may close the pool afterwards.
 */
export function startWebhookWorker(
  deps: WebhookWorkerDeps & { clock: Clock },
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const tick = () => {
    current = deliverDueWebhooks(deps, deps.clock.now())
      .then(() => undefined)
      .catch((e: unknown) => deps.logger.error({ err: e }, 'webhook delivery round failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, intervalMs).unref();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
