import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus series Tessera exposes at `/metrics`, in one registry per app (no global
 * registry, so tests and several apps in one process do not share counts). Labels are ids and
 * closed sets of names, never personal data.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  scimOperations: Counter<'connection' | 'operation' | 'result'>;
  ssoSignIns: Counter<'connection' | 'protocol' | 'purpose'>;
  ssoFailures: Counter<'connection' | 'protocol' | 'reason'>;
  deprovisionings: Counter<'source'>;
  dbPoolTotal: Gauge;
  dbPoolIdle: Gauge;
  dbPoolWaiting: Gauge;
  dbQueryErrors: Counter<'code'>;
  outboxDepth: Gauge;
  webhookDeliveries: Counter<'result'>;
  webhookFailures: Counter<'reason'>;
  ready: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'tessera_http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'tessera_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    scimOperations: new Counter({
      name: 'tessera_scim_operations_total',
      help: 'SCIM operations by connection, operation and result',
      labelNames: ['connection', 'operation', 'result'],
      registers,
    }),
    ssoSignIns: new Counter({
      name: 'tessera_sso_sign_ins_total',
      help: 'Completed SSO flows by connection, protocol and purpose',
      labelNames: ['connection', 'protocol', 'purpose'],
      registers,
    }),
    ssoFailures: new Counter({
      name: 'tessera_sso_failures_total',
      help: 'Refused SSO flows by connection, protocol and reason code',
      labelNames: ['connection', 'protocol', 'reason'],
      registers,
    }),
    deprovisionings: new Counter({
      name: 'tessera_deprovisionings_total',
      help: 'Members deprovisioned, by source (scim, admin)',
      labelNames: ['source'],
      registers,
    }),
    dbPoolTotal: new Gauge({
      name: 'tessera_db_pool_connections',
      help: 'Database pool connections open',
      registers,
    }),
    dbPoolIdle: new Gauge({
      name: 'tessera_db_pool_idle_connections',
      help: 'Database pool connections idle',
      registers,
    }),
    dbPoolWaiting: new Gauge({
      name: 'tessera_db_pool_waiting_clients',
      help: 'Requests waiting for a database connection',
      registers,
    }),
    dbQueryErrors: new Counter({
      name: 'tessera_db_query_errors_total',
      help: 'Database queries that failed, by SQLSTATE class',
      labelNames: ['code'],
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'tessera_outbox_depth',
      help: 'Events waiting in the outbox for delivery',
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'tessera_webhook_deliveries_total',
      help: 'Webhook delivery attempts by result (delivered, retrying, failed: given up)',
      labelNames: ['result'],
      registers,
    }),
    webhookFailures: new Counter({
      name: 'tessera_webhook_delivery_failures_total',
      help: 'Failed webhook delivery attempts by reason',
      labelNames: ['reason'],
      registers,
    }),
    ready: new Gauge({
      name: 'tessera_ready',
      help: '1 when the last readiness check reached the database, else 0',
      registers,
    }),
  };
}
