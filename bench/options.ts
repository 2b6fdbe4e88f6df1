import { parseArgs } from 'node:util';

export type BenchEngine = 'postgres' | 'pglite';

/** What one run of the benchmark does; parsed once from the command line. */
export interface BenchOptions {
  engine: BenchEngine;
  /** The Postgres server the fresh benchmark database is created on. */
  serverUrl: string;
  members: number;
  /** Measured requests per latency operation (and for the mixed-write phase). */
  requests: number;
  /** Clients of the mixed-write throughput phase. */
  concurrency: number;
  /** Clients of the latency phases. */
  latencyConcurrency: number;
  /** Unmeasured requests before each phase. */
  warmup: number;
  /** Upper bound on one phase's wall time; a phase stops at its count or here. */
  maxSeconds: number;
  seed: number;
  /** The phases to run, by name; all when absent. */
  phases?: string[];
  jsonOnly: boolean;
  keepDatabase: boolean;
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_MEMBERS = { postgres: 100_000, pglite: 10_000 } as const;
const MAX_REQUESTS = 1_000_000;
const MAX_MEMBERS = 10_000_000;

export const USAGE = `usage: npm run bench -- [options]
  --engine postgres|pglite   database engine (default postgres; BENCH_DATABASE_URL names the server)
  --members N                seeded members (default 100000 on postgres, 10000 on pglite)
  --requests N               measured requests per operation (default 2000)
  --concurrency N            clients of the mixed-write phase (default 16)
  --latency-concurrency N    clients of the latency phases (default 1)
  --warmup N                 unmeasured requests before each phase (default 100)
  --max-seconds N            wall-time bound of one phase (default 120)
  --seed N                   seed of the random choices (default 1)
  --phases a,b               run only these phases (baseline, get-user, filter-username,
                             list-page, create-user, patch-title, group-membership, writes-mixed)
  --json-only                print only the JSON result line
  --keep-database            leave the benchmark database in place (prints its URL)`;

/** Thrown for a bad flag; the entry point prints it with the usage text. */
export class UsageError extends Error {}

const FLAGS = {
  engine: { type: 'string', default: 'postgres' },
  members: { type: 'string' },
  requests: { type: 'string', default: '2000' },
  concurrency: { type: 'string', default: '16' },
  'latency-concurrency': { type: 'string', default: '1' },
  warmup: { type: 'string', default: '100' },
  'max-seconds': { type: 'string', default: '120' },
  seed: { type: 'string', default: '1' },
  phases: { type: 'string' },
  'json-only': { type: 'boolean', default: false },
  'keep-database': { type: 'boolean', default: false },
} as const;

function readFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options: FLAGS }).values;
  } catch (e: unknown) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const values = readFlags(argv);
  const engine = values.engine;
  if (engine !== 'postgres' && engine !== 'pglite') {
    throw new UsageError(`--engine must be "postgres" or "pglite", not "${engine}"`);
  }
  return {
    engine,
    serverUrl: env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL,
    members: readCount('members', values.members ?? String(DEFAULT_MEMBERS[engine]), MAX_MEMBERS),
    requests: readCount('requests', values.requests, MAX_REQUESTS),
    concurrency: readCount('concurrency', values.concurrency, 256),
    latencyConcurrency: readCount('latency-concurrency', values['latency-concurrency'], 256),
    warmup: readCount('warmup', values.warmup, MAX_REQUESTS, 0),
    maxSeconds: readCount('max-seconds', values['max-seconds'], 3600),
    seed: readCount('seed', values.seed, 2 ** 31, 0),
    phases: values.phases?.split(',').map((name) => name.trim()),
    jsonOnly: values['json-only'],
    keepDatabase: values['keep-database'],
  };
}

function readCount(name: string, raw: string, max: number, min = 1): number {
  if (!/^\d{1,10}$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new UsageError(`--${name} must be between ${min} and ${max}`);
  }
  return value;
}
