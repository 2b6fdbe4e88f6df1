import { userBody } from './scim-bodies.js';
import type { HttpScim } from './http-scim.js';

/** One request the load sent and how it ended; status 0 means no answer (timeout, refused). */
export interface LoadOutcome {
  userName: string;
  status: number;
  ms: number;
  body: Record<string, unknown>;
  headers?: Headers;
}

/**
 * Creates users with unique names from `clients` concurrent loops until `stop()`, recording every
 * outcome, so a test can check afterwards that each acknowledged (2xx) write is in the database.
 */
export function runCreateLoad(scim: HttpScim, prefix: string, clients = 4) {
  const outcomes: LoadOutcome[] = [];
  let running = true;
  let n = 0;

  const loop = async () => {
    while (running) {
      const userName = `${prefix}-${++n}@load.test`;
      const started = Date.now();
      try {
        const res = await scim.request('POST', '/Users', userBody(userName));
        outcomes.push({ userName, status: res.status, ms: Date.now() - started, body: res.body });
      } catch (e: unknown) {
        outcomes.push({
          userName,
          status: 0,
          ms: Date.now() - started,
          body: { error: String(e) },
        });
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}
