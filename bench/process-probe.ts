import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

import { round, type Interval } from './stats.js';

/**
 * What the benchmark process itself did during a phase. App and client share this process, so
 * a tail that shows here (a busy CPU, a blocked event loop, a GC pause) is not the database's.
 */
export interface ProcessFacts {
  /** CPU time of this process (user + system) per wall second; 100 is one core. */
  cpuPercent: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

/** The histogram records each timer interval, resolution included; the report keeps the excess. */
const DELAY_RESOLUTION_MS = 1;

/** Starts watching; the returned function stops and answers, with the GC pauses it saw. */
export function startProcessProbe(): () => { facts: ProcessFacts; pauses: Interval[] } {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();

  const pauses: Interval[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }
  });
  gc.observe({ entryTypes: ['gc'] });

  return () => {
    delay.disable();
    gc.disconnect();
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - wallStart;
    const lateMs = (ns: number) => round(Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS), 2);
    const durations = pauses.map((p) => p.end - p.start);
    pauses.sort((a, b) => a.start - b.start);
    const facts = {
      cpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 0),
      eventLoopDelayP99Ms: lateMs(delay.percentile(99)),
      eventLoopDelayMaxMs: lateMs(delay.max),
      gcPauses: pauses.length,
      gcTotalMs: round(
        durations.reduce((sum, ms) => sum + ms, 0),
        1,
      ),
      gcMaxMs: round(Math.max(0, ...durations), 2),
    };
    return { facts, pauses };
  };
}
