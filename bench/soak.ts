import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

import { createOrganization } from '../src/orgs/create-organization.js';
import { createScimConnection } from '../src/scim/connections/create-scim-connection.js';
import { Keyring } from '../src/secrets/keyring.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { startBenchServer } from './bench-server.js';
import { BenchClient } from './http-client.js';
import type { BenchOptions } from './options.js';
import { IMPORT_EVERY, importPage, lifecycle, type SoakStep } from './soak-pattern.js';
import { judgeMemory, WindowRecorder, type SoakWindow } from './soak-window.js';

/**
 * `npm run soak -- [--minutes 5] [--interval-seconds 30] [--clients 8]`: mixed SCIM traffic in
 * the IdP pattern of soak-pattern.ts against the real app, in process, on an in-memory PGlite or
 * (with DATABASE_URL naming a Postgres server) a fresh database created there and dropped after.
 * Prints throughput, p50/p99 and memory each interval, and judges whether the heap grows without
 * bound. Exit 1 on any failed request or unbounded growth. Not run in CI.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    'interval-seconds': { type: 'string', default: '30' },
    clients: { type: 'string', default: '8' },
  },
});
const minutes = Number(values.minutes);
const intervalSeconds = Number(values['interval-seconds']);
const clients = Number(values.clients);
if (!(minutes > 0 && intervalSeconds > 0 && Number.isInteger(clients) && clients > 0)) {
  process.stderr.write(
    'usage: npm run soak -- [--minutes N] [--interval-seconds N] [--clients N]\n',
  );
  process.exit(2);
}

async function main(): Promise<number> {
  const options = {
    engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    serverUrl: process.env.DATABASE_URL ?? '',
    keepDatabase: false,
  } as const;
  let closeDatabase = async () => {};
  const database = await openBenchDatabase(
    options as Pick<BenchOptions, keyof typeof options> as BenchOptions,
    (close) => (closeDatabase = close),
  );
  try {
    return await soak(database);
  } finally {
    await closeDatabase();
  }
}

async function soak(database: BenchDatabase): Promise<number> {
  const keyring = Keyring.generate('soak1');
  const token = await seed(database, keyring);
  const server = await startBenchServer(database.db, keyring);
  const client = new BenchClient(server.origin, token, clients);
  const group = await client.request('POST', '/Groups', { displayName: 'Soak group' });
  const groupId = (JSON.parse(group.body) as { id: string }).id;

  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  process.stdout.write(
    `soak: ${minutes} min, ${clients} clients, ${database.engine} ${database.version}, ` +
      `report every ${intervalSeconds} s${gc ? '' : ' (no --expose-gc: heap includes garbage)'}\n` +
      'minute  requests  errors  req/s   p50 ms  p99 ms  rss MiB  heap after GC MiB\n',
  );
  const windows = await drive(client, groupId);
  client.close();
  await server.close();

  const verdict = judgeMemory(windows);
  const failed = windows.reduce((sum, w) => sum + w.errors, 0);
  const total = windows.reduce((sum, w) => sum + w.requests, 0);
  process.stdout.write(
    `memory: ${verdict.bounded ? 'bounded' : 'GROWING WITHOUT BOUND'} (${verdict.reason})\n` +
      `${total} requests, ${failed} failed\n` +
      JSON.stringify({
        minutes,
        clients,
        engine: database.engine,
        total,
        failed,
        verdict,
        windows,
      }) +
      '\n',
  );
  return failed === 0 && verdict.bounded ? 0 : 1;
}

/** Runs the clients until the deadline, closing a window every interval. */
async function drive(client: BenchClient, groupId: string): Promise<SoakWindow[]> {
  const startedAt = Date.now();
  const deadline = startedAt + minutes * 60_000;
  const recorder = new WindowRecorder();
  const windows: SoakWindow[] = [];
  let next = 0;

  const timer = setInterval(() => {
    const window = recorder.close(startedAt, intervalSeconds);
    windows.push(window);
    printWindow(window, recorder.errorSamples);
  }, intervalSeconds * 1000);

  const worker = async () => {
    while (Date.now() < deadline) {
      const n = ++next;
      const steps: SoakStep[] = lifecycle(n, groupId);
      if (n % IMPORT_EVERY === 0) steps.push(importPage);
      for (const step of steps) await timed(recorder, client, step);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  clearInterval(timer);
  return windows;
}

async function timed(recorder: WindowRecorder, client: BenchClient, step: SoakStep) {
  const started = performance.now();
  try {
    const res = await step(client);
    const ok = res.status >= 200 && res.status < 300;
    recorder.record(res.ms, ok ? undefined : `${res.status} ${res.body}`);
  } catch (e: unknown) {
    recorder.record(performance.now() - started, String(e));
  }
}

function printWindow(w: SoakWindow, samples: string[]): void {
  const cells = [w.minute, w.requests, w.errors, w.throughput, w.p50Ms, w.p99Ms, w.rssMb];
  const widths = [6, 9, 7, 7, 8, 7, 8];
  const line = cells.map((c, i) => String(c).padStart(widths[i]!)).join(' ');
  process.stdout.write(`${line} ${String(w.heapAfterGcMb).padStart(18)}\n`);
  if (w.errors > 0) process.stdout.write(`  failures, first: ${samples.join(' | ')}\n`);
}

async function seed(database: BenchDatabase, keyring: Keyring): Promise<string> {
  const actor = { type: 'operator' as const, id: 'soak' };
  return database.db.transaction(async (manager) => {
    const at = new Date();
    const org = await createOrganization(manager, { name: 'Soak', slug: 'soak', actor, at });
    const scim = await createScimConnection(manager, keyring, {
      orgId: org.id,
      name: 'Soak IdP',
      actor,
      at,
    });
    return scim.token;
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`soak failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
