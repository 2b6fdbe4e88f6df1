import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { httpScim, type HttpScim } from '../support/http-scim.js';
import { OpenApiContract } from '../support/openapi-validator.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import type { ServerProcess } from '../support/processes.js';
import { runCreateLoad } from '../support/scim-load.js';
import { userBody } from '../support/scim-bodies.js';
import {
  openFleetDatabase,
  seedOrganization,
  startFleet,
  stopServer,
  type FleetOrg,
} from '../support/tessera-fleet.js';

/**
 * The database restarts while an IdP provisions: Tessera says so on `/readyz`, answers 503
 * quickly (never hangs, never crashes, never a 500), and comes back by itself; every write it
 * acknowledged with a 2xx is in the database afterwards. The cluster is this test's own, so
 * stopping it disturbs no other test.
 */
jest.setTimeout(120_000);

const REQUEST_BOUND_MS = 10_000;
const contract = new OpenApiContract();
let cluster: PrivatePostgres;
let url: string;
let org: FleetOrg;
let server: ServerProcess;
let scim: HttpScim;

beforeAll(async () => {
  cluster = await PrivatePostgres.create();
  await cluster.start();
  url = await cluster.createDatabase('tessera_restart');
  const db = await openFleetDatabase(url);
  org = await seedOrganization(db, 'restart');
  await db.destroy();
  [server] = (await startFleet(url, 1)) as [ServerProcess];
  scim = httpScim(server.baseUrl, org.token, REQUEST_BOUND_MS);
}, 90_000);

afterAll(async () => {
  await stopServer(server);
  await cluster?.destroy();
}, 60_000);

async function readyStatus(): Promise<number> {
  const res = await fetch(`${server.baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
  return res.status;
}

async function waitForReady(status: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while ((await readyStatus()) !== status) {
    if (Date.now() > deadline)
      throw new Error(`/readyz did not answer ${status} in ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Postgres restarted during SCIM traffic', () => {
  it('503 while down, back by itself, and no acknowledged write lost', async () => {
    const load = runCreateLoad(scim, 'restart');
    await pause(1500);

    await cluster.stop('fast');
    await waitForReady(503, 5000);
    await pause(1000);
    const whileDown = await scim.request('POST', '/Users', userBody('down@load.test'));
    expect(whileDown.status).toBe(503);
    const list = await fetch(`${server.baseUrl}/scim/v2/Users`, {
      headers: { Authorization: `Bearer ${org.token}` },
      signal: AbortSignal.timeout(REQUEST_BOUND_MS),
    });
    contract.expectMatchesContract('get', '/scim/v2/Users', await contractView(list));
    expect(list.status).toBe(503);
    expect(list.headers.get('retry-after')).toBe('5');

    await cluster.start();
    await waitForReady(200, 15_000);
    await pause(1500);
    const outcomes = await load.stop();

    // Clean failures only: every answer a 201 or a 503 (no request logged as a fault), each
    // within the bound.
    const statuses = new Set(outcomes.map((o) => o.status));
    const faults = server
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"scim request failed"'));
    expect({ statuses: [...statuses].sort(), faults: faults.slice(0, 3) }).toEqual({
      statuses: [201, 503],
      faults: [],
    });
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(REQUEST_BOUND_MS);
    expect(server.child.exitCode).toBeNull();
    const lastAcknowledged = outcomes.map((o) => o.status).lastIndexOf(201);
    const firstRefused = outcomes.findIndex((o) => o.status === 503);
    expect(lastAcknowledged).toBeGreaterThan(firstRefused);

    await expectAcknowledgedWritesPresent(outcomes.filter((o) => o.status === 201));
  });
});

async function expectAcknowledgedWritesPresent(acknowledged: { userName: string }[]) {
  const db = await openFleetDatabase(url);
  try {
    const rows: { user_name: string }[] = await db.query(
      'SELECT user_name FROM members WHERE org_id = $1 AND deleted_at IS NULL',
      [org.id],
    );
    const present = new Set(rows.map((r) => r.user_name));
    expect(acknowledged.filter((o) => !present.has(o.userName))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect((await verifyAuditChain(db, org.id)).ok).toBe(true);
  } finally {
    await db.destroy();
  }
}

/** A fetch response in the shape the contract checker reads. */
async function contractView(res: Response) {
  const text = await res.text();
  return {
    status: res.status,
    headers: headersOf(res),
    text,
    body: JSON.parse(text) as unknown,
  };
}

function headersOf(res: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return headers;
}
