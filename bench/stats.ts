/** The figures of one operation within one phase. */
export interface OpStats {
  op: string;
  phase: string;
  concurrency: number;
  count: number;
  /** Answers that were not 2xx, failed a sanity check, or never came. */
  errors: number;
  /** Requests of this kind completed per second of the phase's wall time. */
  throughput: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The first few failures, as `status body`, for the loud report. */
  errorSamples: string[];
}

const MAX_ERROR_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 300;

/** Collects latencies and failures of one operation. */
export class OpRecorder {
  private readonly latencies: number[] = [];
  private errors = 0;
  private readonly samples: string[] = [];

  constructor(readonly op: string) {}

  record(ms: number, failure?: string): void {
    this.latencies.push(ms);
    if (failure === undefined) return;
    this.errors += 1;
    if (this.samples.length < MAX_ERROR_SAMPLES) {
      this.samples.push(failure.slice(0, MAX_SAMPLE_CHARS));
    }
  }

  get errorCount(): number {
    return this.errors;
  }

  summarise(phase: string, concurrency: number, wallSeconds: number): OpStats {
    const sorted = Float64Array.from(this.latencies).sort();
    const total = sorted.reduce((sum, ms) => sum + ms, 0);
    return {
      op: this.op,
      phase,
      concurrency,
      count: sorted.length,
      errors: this.errors,
      throughput: round(wallSeconds > 0 ? sorted.length / wallSeconds : 0, 1),
      meanMs: round(sorted.length > 0 ? total / sorted.length : 0, 2),
      p50Ms: round(percentile(sorted, 0.5), 2),
      p99Ms: round(percentile(sorted, 0.99), 2),
      maxMs: round(sorted.length > 0 ? sorted[sorted.length - 1]! : 0, 2),
      errorSamples: [...this.samples],
    };
  }
}

/** Nearest-rank percentile of an ascending array: the smallest value with `q` at or below it. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
