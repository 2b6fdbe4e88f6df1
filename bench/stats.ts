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
  /** Requests that took at least `SLOW_MS`, and how many of those overlapped a GC pause. */
  slowRequests: number;
  slowDuringGc: number;
  /** The first few failures, as `status body`, for the loud report. */
  errorSamples: string[];
}

/** A request this slow misses the read-latency target on its own. */
export const SLOW_MS = 5;

/** A span of `performance.now()` time, in ms. */
export interface Interval {
  start: number;
  end: number;
}

const MAX_ERROR_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 300;

/** Collects latencies and failures of one operation. */
export class OpRecorder {
  private readonly latencies: number[] = [];
  private readonly starts: number[] = [];
  private errors = 0;
  private readonly samples: string[] = [];

  constructor(readonly op: string) {}

  record(startedAt: number, ms: number, failure?: string): void {
    this.starts.push(startedAt);
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

  summarise(phase: string, concurrency: number, wallSeconds: number, pauses: Interval[]): OpStats {
    const slow = this.slowIntervals();
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
      slowRequests: slow.length,
      slowDuringGc: slow.filter((request) => overlapsAny(request, pauses)).length,
      errorSamples: [...this.samples],
    };
  }

  private slowIntervals(): Interval[] {
    const slow: Interval[] = [];
    this.latencies.forEach((ms, i) => {
      if (ms >= SLOW_MS) slow.push({ start: this.starts[i]!, end: this.starts[i]! + ms });
    });
    return slow;
  }
}

/** Whether `span` intersects one of `intervals` (sorted by start; GC pauses never overlap). */
function overlapsAny(span: Interval, intervals: Interval[]): boolean {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (intervals[mid]!.end < span.start) low = mid + 1;
    else high = mid;
  }
  return low < intervals.length && intervals[low]!.start <= span.end;
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
