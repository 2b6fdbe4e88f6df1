import { performance } from 'node:perf_hooks';

import type { BenchClient, HttpResult } from './http-client.js';
import { startProcessProbe, type ProcessFacts } from './process-probe.js';
import { OpRecorder, round, type OpStats } from './stats.js';

/** Rejects an answer that is 2xx but wrong; returns why, or undefined when it is right. */
export type AnswerCheck = (result: HttpResult) => string | undefined;

/** What a phase step uses to send one request and have it recorded under an operation name. */
export interface PhaseContext {
  call(
    op: string,
    method: string,
    path: string,
    body?: unknown,
    check?: AnswerCheck,
  ): Promise<void>;
}

/**
 * A bounded load: `requests` steps (each one or more requests) shared by `concurrency`
 * clients. Step indices are distinct across warm-up and measurement, so a step can use its
 * index to pick a fresh name or an unused member.
 */
export interface Phase {
  name: string;
  concurrency: number;
  requests: number;
  step(ctx: PhaseContext, index: number): Promise<void>;
}

export interface PhaseResult {
  phase: string;
  concurrency: number;
  seconds: number;
  /** Every measured request of the phase, per second of its wall time. */
  throughput: number;
  warmupErrors: number;
  /** Measured steps not run because the phase reached its time bound. */
  skipped: number;
  process: ProcessFacts;
  ops: OpStats[];
}

export interface PhaseLimits {
  warmup: number;
  maxSeconds: number;
}

/** Runs a phase's warm-up, then its measured steps; both stop at their count or time bound. */
export async function runPhase(
  client: BenchClient,
  phase: Phase,
  limits: PhaseLimits,
): Promise<PhaseResult> {
  const warm = await runSteps(client, phase, { from: 0, count: limits.warmup }, limits.maxSeconds);
  const warmupErrors = [...warm.recorders.values()].reduce((n, r) => n + r.errorCount, 0);

  const steps = { from: limits.warmup, count: phase.requests };
  const stopProbe = startProcessProbe();
  const measured = await runSteps(client, phase, steps, limits.maxSeconds);
  const { facts, pauses } = stopProbe();
  const ops = [...measured.recorders.values()].map((r) =>
    r.summarise(phase.name, phase.concurrency, measured.seconds, pauses),
  );
  const total = ops.reduce((n, op) => n + op.count, 0);
  return {
    phase: phase.name,
    concurrency: phase.concurrency,
    seconds: round(measured.seconds, 2),
    throughput: round(measured.seconds > 0 ? total / measured.seconds : 0, 1),
    warmupErrors,
    skipped: phase.requests - measured.done,
    process: facts,
    ops,
  };
}

async function runSteps(
  client: BenchClient,
  phase: Phase,
  range: { from: number; count: number },
  maxSeconds: number,
): Promise<{ recorders: Map<string, OpRecorder>; seconds: number; done: number }> {
  const recorders = new Map<string, OpRecorder>();
  const ctx = createContext(client, recorders);
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  let next = 0;
  let done = 0;

  const worker = async (): Promise<void> => {
    while (next < range.count && performance.now() < deadline) {
      const index = range.from + next;
      next += 1;
      await phase.step(ctx, index);
      done += 1;
    }
  };
  const workers = Math.min(phase.concurrency, Math.max(range.count, 1));
  await Promise.all(Array.from({ length: workers }, worker));
  return { recorders, seconds: (performance.now() - started) / 1000, done };
}

function createContext(client: BenchClient, recorders: Map<string, OpRecorder>): PhaseContext {
  return {
    async call(op, method, path, body, check) {
      let recorder = recorders.get(op);
      if (!recorder) recorders.set(op, (recorder = new OpRecorder(op)));

      const started = performance.now();
      try {
        const result = await client.request(method, path, body);
        const failure =
          result.status < 200 || result.status > 299
            ? `${method} ${path} → ${result.status} ${result.body}`
            : check?.(result);
        recorder.record(started, result.ms, failure);
      } catch (e: unknown) {
        const message = e instanceof Error ? e.message : String(e);
        recorder.record(
          started,
          performance.now() - started,
          `${method} ${path} → no answer: ${message}`,
        );
      }
    },
  };
}
