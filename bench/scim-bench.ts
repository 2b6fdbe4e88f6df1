import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { Keyring } from '../src/secrets/keyring.js';
import { openBenchDatabase, once, type BenchDatabase } from './bench-database.js';
import { startBenchServer } from './bench-server.js';
import { BenchClient } from './http-client.js';
import { parseBenchOptions, UsageError, USAGE, type BenchOptions } from './options.js';
import { PHASE_NAMES, planPhases } from './phases.js';
import {
  evaluateTargets,
  formatErrors,
  formatProcessTable,
  formatTable,
  formatTargets,
} from './report.js';
import { runPhase, type PhaseResult } from './run-phase.js';
import { seedOrganization, type SeededOrg } from './seed.js';
import { round } from './stats.js';

/** What is undone at the end, newest first: client, server, database. */
const closers: (() => Promise<void>)[] = [];
const cleanup = once(async () => {
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch (e: unknown) {
      progress(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
});

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Ctrl-C or a TERM still drops the database; a second signal leaves at once. */
function onSignal(signal: NodeJS.Signals, code: number): void {
  process.once(signal, () => {
    progress(`${signal}: cleaning up (send again to leave at once)`);
    process.once(signal, () => process.exit(code));
    void cleanup().finally(() => process.exit(code));
  });
}

async function seed(database: BenchDatabase, keyring: Keyring, options: BenchOptions) {
  // Each step of the group phase moves one member that is in neither group.
  const reserve = options.warmup + options.requests;
  progress(`seeding ${options.members} members (+${reserve} outside the groups)…`);
  const started = performance.now();
  const org = await seedOrganization(database.db, keyring, { members: options.members, reserve });
  const totalSeconds = round((performance.now() - started) / 1000, 2);
  progress(`seeded in ${totalSeconds} s ${JSON.stringify(org.seconds)}`);
  return { org, seeding: { totalSeconds, steps: org.seconds, reserveMembers: reserve } };
}

async function runPhases(client: BenchClient, org: SeededOrg, options: BenchOptions) {
  const results: PhaseResult[] = [];
  const limits = { warmup: options.warmup, maxSeconds: options.maxSeconds };
  const wanted = (name: string) => options.phases?.includes(name) ?? true;
  for (const phase of planPhases(org, options).filter((p) => wanted(p.name))) {
    progress(`${phase.name}: ${phase.requests} steps, ${phase.concurrency} client(s)…`);
    const result = await runPhase(client, phase, limits);
    const errors = result.ops.reduce((n, o) => n + o.errors, 0) + result.warmupErrors;
    progress(`${phase.name}: ${result.seconds} s${errors > 0 ? `, ${errors} ERRORS` : ''}`);
    results.push(result);
  }
  return results;
}

/** Other work on the machine skews every figure; the load averages make that visible. */
function loadAverage(): number[] {
  return os.loadavg().map((load) => round(load, 2));
}

function machineFacts(database: BenchDatabase, options: BenchOptions, loadAtStart: number[]) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    engine: database.engine,
    engineVersion: database.version,
    members: options.members,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
  };
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const unknown = options.phases?.filter(
    (name) => !(PHASE_NAMES as readonly string[]).includes(name),
  );
  if (unknown?.length) throw new UsageError(`unknown phase: ${unknown.join(', ')}`);
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);

  const loadAtStart = loadAverage();
  if (loadAtStart[0]! > os.cpus().length / 2) {
    progress(`WARNING: load average ${loadAtStart.join(' ')} — other work will skew the figures`);
  }
  progress(`creating a ${options.engine} database…`);
  const database = await openBenchDatabase(options, (close) => closers.push(close));
  if (options.keepDatabase && database.url) progress(`keeping database ${database.url}`);
  const keyring = Keyring.generate('bench1');
  const { org, seeding } = await seed(database, keyring, options);

  const server = await startBenchServer(database.db, keyring);
  closers.push(server.close);
  const sockets = Math.max(options.concurrency, options.latencyConcurrency);
  const client = new BenchClient(server.origin, org.token, sockets);
  closers.push(async () => client.close());

  const phases = await runPhases(client, org, options);
  const targets = evaluateTargets(phases, options.members);
  const { serverUrl: _server, jsonOnly: _json, keepDatabase: _keep, ...settings } = options;
  const result = {
    benchmark: 'tessera-scim',
    at: new Date().toISOString(),
    machine: machineFacts(database, options, loadAtStart),
    settings,
    seeding,
    phases,
    targets,
  };
  printResult(result, phases, targets, options.jsonOnly);
}

function printResult(
  result: object,
  phases: PhaseResult[],
  targets: ReturnType<typeof evaluateTargets>,
  jsonOnly: boolean,
): void {
  const { errors, notices } = formatErrors(phases);
  if (errors) process.stderr.write(`\n!!! FAILED REQUESTS — these are bugs !!!\n${errors}\n\n`);
  if (notices) process.stderr.write(`\nbench: ${notices}\n\n`);
  if (!jsonOnly) {
    const machine = (result as { machine: Record<string, unknown> }).machine;
    process.stdout.write(`${JSON.stringify(machine)}\n\n${formatTable(phases)}\n\n`);
    process.stdout.write(`${formatProcessTable(phases)}\n\n`);
    process.stdout.write(`${formatTargets(targets)}\n\n`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main()
  .catch((e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bench: failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
