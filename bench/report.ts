import type { PhaseResult } from './run-phase.js';
import type { OpStats } from './stats.js';
import { round, SLOW_MS } from './stats.js';

/** One product target, measured. The benchmark reports a miss; it does not fail on one. */
export interface TargetResult {
  target: string;
  measured: string;
  pass: boolean;
  /** Why a figure is only indicative (for instance, fewer members than the target names). */
  note?: string;
}

const TARGET_MEMBERS = 100_000;
const LATENCY_P99_MS = 5;
const GROUP_TOLERANCE = 0.2;
const WRITES_PER_SECOND = 1000;

export function evaluateTargets(phases: PhaseResult[], members: number): TargetResult[] {
  const op = (name: string) => findOp(phases, name);
  const sizeNote =
    members < TARGET_MEMBERS ? `seeded ${members} members, target is at 100 000` : undefined;
  const results: TargetResult[] = [];

  for (const [name, label] of [
    ['filter-username', 'filter userName eq'],
    ['get-user', 'get by id'],
  ] as const) {
    const p99 = op(name)?.p99Ms;
    results.push({
      target: `${label}: p99 < ${LATENCY_P99_MS} ms at 100 000 members`,
      measured: p99 === undefined ? 'not run' : `p99 ${p99} ms`,
      pass: p99 !== undefined && p99 < LATENCY_P99_MS && members >= TARGET_MEMBERS,
      note: sizeNote,
    });
  }

  for (const verb of ['add', 'remove'] as const) {
    const small = op(`group-${verb}-small`);
    const large = op(`group-${verb}-large`);
    const ratio = small && large && small.p50Ms > 0 ? large.p50Ms / small.p50Ms : undefined;
    results.push({
      target: `group ${verb} one member: large-group p50 within 20 % of small-group p50`,
      measured:
        ratio === undefined
          ? 'not run'
          : `p50 ${small!.p50Ms} → ${large!.p50Ms} ms (×${round(ratio, 2)}), ` +
            `p99 ${small!.p99Ms} → ${large!.p99Ms} ms`,
      pass: ratio !== undefined && Math.abs(ratio - 1) <= GROUP_TOLERANCE,
    });
  }

  const mixed = phases.find((p) => p.phase === 'writes-mixed');
  results.push({
    target: `at least ${WRITES_PER_SECOND} SCIM writes/s with ${mixed?.concurrency ?? 16} clients`,
    measured: mixed ? `${mixed.throughput} writes/s` : 'not run',
    pass: mixed !== undefined && mixed.throughput >= WRITES_PER_SECOND,
  });
  return results;
}

function findOp(phases: PhaseResult[], name: string): OpStats | undefined {
  for (const phase of phases) {
    const found = phase.ops.find((o) => o.op === name);
    if (found) return found;
  }
  return undefined;
}

const COLUMNS = [
  'operation',
  'clients',
  'count',
  'errors',
  'req/s',
  'p50 ms',
  'p99 ms',
  'max ms',
  `≥${SLOW_MS} ms (in GC)`,
];

/** The results as an aligned text table, one row per operation plus a total per mixed phase. */
export function formatTable(phases: PhaseResult[]): string {
  const rows: string[][] = [];
  for (const phase of phases) {
    for (const op of phase.ops) {
      rows.push([
        op.op,
        String(op.concurrency),
        String(op.count),
        String(op.errors),
        String(op.throughput),
        String(op.p50Ms),
        String(op.p99Ms),
        String(op.maxMs),
        `${op.slowRequests} (${op.slowDuringGc})`,
      ]);
    }
    if (phase.ops.length > 1) {
      const count = phase.ops.reduce((n, o) => n + o.count, 0);
      const errors = phase.ops.reduce((n, o) => n + o.errors, 0);
      const total = `${phase.phase} (all)`;
      rows.push([total, String(phase.concurrency), String(count), String(errors)]);
      rows[rows.length - 1]!.push(String(phase.throughput), '', '', '', '');
    }
  }
  return alignTable(COLUMNS, rows);
}

const PROCESS_COLUMNS = ['phase', 'node CPU %', 'loop delay p99', 'loop delay max', 'GCs', 'GC ms'];

/** Per phase, what the shared app+client process did: CPU, event-loop delay, GC pauses. */
export function formatProcessTable(phases: PhaseResult[]): string {
  const rows = phases.map((p) => [
    p.phase,
    String(p.process.cpuPercent),
    String(p.process.eventLoopDelayP99Ms),
    String(p.process.eventLoopDelayMaxMs),
    String(p.process.gcPauses),
    `${p.process.gcTotalMs} (max ${p.process.gcMaxMs})`,
  ]);
  return alignTable(PROCESS_COLUMNS, rows);
}

function alignTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns), rule, ...rows.map(line)].join('\n');
}

export function formatTargets(targets: TargetResult[]): string {
  return targets
    .map((t) => {
      const note = t.note ? ` (${t.note})` : '';
      return `${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.measured}${note}`;
    })
    .join('\n');
}

/** Every failed request, loudly (a benchmark request that fails is a bug), and cut-short phases. */
export function formatErrors(phases: PhaseResult[]): { errors?: string; notices?: string } {
  const errors: string[] = [];
  const notices: string[] = [];
  for (const phase of phases) {
    if (phase.warmupErrors > 0) {
      errors.push(`${phase.phase}: ${phase.warmupErrors} errors during warm-up`);
    }
    if (phase.skipped > 0) {
      notices.push(`${phase.phase}: time bound reached, ${phase.skipped} steps not run`);
    }
    for (const op of phase.ops) {
      if (op.errors === 0) continue;
      errors.push(`${op.op}: ${op.errors} of ${op.count} requests failed`);
      for (const sample of op.errorSamples) errors.push(`    ${sample}`);
    }
  }
  return {
    errors: errors.length > 0 ? errors.join('\n') : undefined,
    notices: notices.length > 0 ? notices.join('\n') : undefined,
  };
}
