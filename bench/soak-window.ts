/** The figures of one reporting interval of the soak run. */
export interface SoakWindow {
  minute: number;
  requests: number;
  errors: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  /** `heapUsed` right after a full GC (with --expose-gc), so garbage does not count. */
  heapAfterGcMb: number;
}

/** Latencies and failures collected between two reports. */
export class WindowRecorder {
  private latencies: number[] = [];
  private errors = 0;
  readonly errorSamples: string[] = [];

  record(ms: number, failure?: string): void {
    this.latencies.push(ms);
    if (failure === undefined) return;
    this.errors++;
    if (this.errorSamples.length < 5) this.errorSamples.push(failure.slice(0, 300));
  }

  /** Closes the window: its figures, with memory measured after a forced GC. */
  close(startedAt: number, seconds: number): SoakWindow {
    const sorted = this.latencies.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const window: SoakWindow = {
      minute: round((Date.now() - startedAt) / 60_000, 2),
      requests: sorted.length,
      errors: this.errors,
      throughput: round(sorted.length / seconds, 1),
      p50Ms: round(at(0.5) ?? 0, 2),
      p99Ms: round(at(0.99) ?? 0, 2),
      rssMb: round(memory.rss / 2 ** 20, 1),
      heapAfterGcMb: round(memory.heapUsed / 2 ** 20, 1),
    };
    this.latencies = [];
    this.errors = 0;
    return window;
  }
}

/**
 * Unbounded growth: the post-GC heap of the last window exceeds the first window's (the
 * warm-up: caches, compiled code, pools) by more than GROWTH_RATIO and GROWTH_MB both, and it
 * grew in most steps. A leak of 1 KiB per request at 300 requests a second is 17 MiB a minute,
 * far past both bounds within a default 5-minute run; noise of a few MiB is not.
 */
const GROWTH_RATIO = 1.25;
const GROWTH_MB = 16;

export function judgeMemory(windows: SoakWindow[]): { bounded: boolean; reason: string } {
  if (windows.length < 3) return { bounded: true, reason: 'too short to judge (< 3 windows)' };
  const heaps = windows.map((w) => w.heapAfterGcMb);
  const first = heaps[0]!;
  const last = heaps[heaps.length - 1]!;
  const rises = heaps.slice(1).filter((h, i) => h > heaps[i]!).length;
  const grew = last > first * GROWTH_RATIO && last - first > GROWTH_MB;
  const steady = rises >= Math.ceil((heaps.length - 1) * 0.75);
  const reason =
    `post-GC heap ${first} MiB after the first window, ${last} MiB at the end, ` +
    `rising in ${rises} of ${heaps.length - 1} steps`;
  return { bounded: !(grew && steady), reason };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
