import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

import { round } from './stats.js';

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

/** Starts watching; the returned function stops and answers. */
export function startProcessProbe(): () => ProcessFacts {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();

  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });

  return () => {
    delay.disable();
    gc.disconnect();
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - wallStart;
    const nsToMs = (ns: number) => round(ns / 1e6, 2);
    return {
      cpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 0),
      eventLoopDelayP99Ms: nsToMs(delay.percentile(99)),
      eventLoopDelayMaxMs: nsToMs(delay.max),
      gcPauses: pauses.length,
      gcTotalMs: round(
        pauses.reduce((sum, ms) => sum + ms, 0),
        1,
      ),
      gcMaxMs: round(Math.max(0, ...pauses), 2),
    };
  };
}
