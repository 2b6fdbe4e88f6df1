/** Attempts before a delivery is given up as `failed` (about 14 hours of retries). */
export const DEFAULT_MAX_ATTEMPTS = 12;

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/**
 * Exponential backoff with jitter: 30 s, 1 min, 2 min… capped at 6 h, each drawn from the upper
 * half of its window, so receivers that fail together are not retried in lockstep.
 * `attempt` is the number of attempts made so far (1 after the first).
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(attempt - 1, 20);
  const ceiling = Math.min(BASE_DELAY_MS * 2 ** exponent, MAX_DELAY_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
