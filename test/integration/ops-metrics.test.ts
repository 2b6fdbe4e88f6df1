import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';

import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/ops/logger.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  PUBLIC_URL,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/** Every series the operations issue names, as `/metrics` must list them after real traffic. */
const SERIES = [
  'tessera_http_requests_total',
  'tessera_http_request_duration_seconds',
  'tessera_scim_operations_total',
  'tessera_sso_sign_ins_total',
  'tessera_sso_failures_total',
  'tessera_deprovisionings_total',
  'tessera_db_pool_connections',
  'tessera_db_pool_idle_connections',
  'tessera_db_pool_waiting_clients',
  'tessera_db_query_errors_total',
  'tessera_outbox_depth',
  'tessera_webhook_deliveries_total',
  'tessera_webhook_delivery_failures_total',
  'tessera_ready',
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format (exposition format 0.0.4), one sample a line. */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'metrics');
});
afterAll(() => t.close());

describe('GET /metrics after real traffic', () => {
  let samples: Sample[];
  let text: string;
  let admin: { id: string; headers: Record<string, string> };

  beforeAll(async () => {
    const scim = scimClient(t, org.token);
    const ann = await scim.post('/Users', userBody('ann@metrics.test')).expect(201);
    await scim.post('/Users', userBody('ann@metrics.test')).expect(409);
    const bob = await scim.post('/Users', userBody('bob@metrics.test')).expect(201);
    await scim.get(`/Users/${ann.body.id}`).expect(200);
    const off = { op: 'replace', path: 'active', value: false };
    await scim.patch(`/Users/${ann.body.id}`, patchBody(off)).expect(200);
    await scim.delete(`/Users/${bob.body.id}`).expect(204);
    await t.http.get('/scim/v2/Users').set('Authorization', 'Bearer tss_wrong').expect(401);

    const ownerId = await createMember(t, org.id, 'owner@metrics.test', 'owner');
    admin = { id: ownerId, headers: (await signIn(t, org.id, ownerId)).headers };
    const leaver = await createMember(t, org.id, 'leaver@metrics.test');
    const members = `/api/v1/orgs/${org.id}/members`;
    await t.http.get(members).set(admin.headers).expect(200);
    await t.http.delete(`${members}/${leaver}`).set(admin.headers).expect(204);
    // The last owner is refused, and the rolled-back deprovisioning is not counted.
    await t.http.delete(`${members}/${ownerId}`).set(admin.headers).expect(409);
    await t.http.get('/readyz').expect(200);
    await t.http.get('/no/such/thing/42').expect(404);

    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    text = res.text;
    samples = parseSamples(text);
  });

  it('lists every series the issue names, with its HELP and TYPE', () => {
    for (const name of SERIES) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('counts HTTP requests by method, route template and status; never a raw URL', () => {
    const http = 'tessera_http_requests_total';
    expect(valueOf(samples, http, { route: '/scim/v2/Users', method: 'POST', status: '201' })).toBe(
      2,
    );
    expect(valueOf(samples, http, { route: '/scim/v2/Users/:id', method: 'PATCH' })).toBe(1);
    const members = '/api/v1/orgs/:orgId/members';
    expect(valueOf(samples, http, { route: members, method: 'GET', status: '200' })).toBe(1);
    expect(valueOf(samples, http, { route: `${members}/:memberId`, status: '409' })).toBe(1);
    expect(valueOf(samples, http, { route: '/readyz', status: '200' })).toBe(1);
    expect(valueOf(samples, http, { route: 'unmatched', status: '404' })).toBe(1);
    const duration = 'tessera_http_request_duration_seconds_count';
    expect(valueOf(samples, duration, { route: '/scim/v2/Users/:id', method: 'DELETE' })).toBe(1);
    for (const s of samples) expect(JSON.stringify(s.labels)).not.toMatch(/42|@|tss_/);
    const routes = samples.filter((s) => s.name === http).map((s) => s.labels.route!);
    expect(routes.filter((r) => UUID.test(r))).toEqual([]);
  });

  it('counts SCIM operations by connection, operation and result', () => {
    const ops = 'tessera_scim_operations_total';
    const mine = { connection: org.connectionId };
    expect(valueOf(samples, ops, { ...mine, operation: 'users.create', result: 'success' })).toBe(
      2,
    );
    expect(
      valueOf(samples, ops, { ...mine, operation: 'users.create', result: 'client_error' }),
    ).toBe(1);
    expect(valueOf(samples, ops, { ...mine, operation: 'users.patch', result: 'success' })).toBe(1);
    expect(valueOf(samples, ops, { ...mine, operation: 'users.delete', result: 'success' })).toBe(
      1,
    );
    expect(valueOf(samples, ops, { connection: 'none', operation: 'authenticate' })).toBe(1);
  });

  it('counts committed deprovisionings by source, and not a refused one', () => {
    const name = 'tessera_deprovisionings_total';
    expect(valueOf(samples, name, { source: 'scim' })).toBe(2);
    expect(valueOf(samples, name, { source: 'admin' })).toBe(1);
  });

  it('reports the pool, query errors by SQLSTATE class, readiness and the outbox', () => {
    expect(valueOf(samples, 'tessera_db_pool_connections')).toBeGreaterThanOrEqual(1);
    // The duplicate userName hit the unique index: class 23, integrity constraint violation.
    expect(valueOf(samples, 'tessera_db_query_errors_total', { code: '23' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'tessera_ready')).toBe(1);
    expect(samples.some((s) => s.name === 'tessera_outbox_depth')).toBe(true);
  });
});

describe('/metrics with TESSERA_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  const guarded = () =>
    supertest(
      createApp({
        db: t.db,
        logger: createLogger('silent'),
        clock: t.clock,
        keyring: t.keyring,
        publicUrl: PUBLIC_URL,
        metricsToken: TOKEN,
      }),
    );

  it('answers 401 without the token or with another one, 200 with it', async () => {
    const http = guarded();
    const none = await http.get('/metrics').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.text).not.toContain('tessera_');
    await http.get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await http
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN.slice(0, -1)}`)
      .expect(401);
    const ok = await http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    // Nobody called /readyz on this app: the scrape itself probed the database.
    expect(valueOf(parseSamples(ok.text), 'tessera_ready')).toBe(1);
  });

  it('readiness turns the gauge to 0 when the database is gone', async () => {
    const other = await startTestApp();
    await other.http.get('/readyz').expect(200);
    await other.database.drop();
    await other.http.get('/readyz').expect(503);
    const samples = parseSamples((await other.http.get('/metrics').expect(200)).text);
    expect(valueOf(samples, 'tessera_ready')).toBe(0);
  });
});
