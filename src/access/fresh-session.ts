import type { Principal } from './principal.js';

/** DESIGN rule 2: how recent a sign-in must be for a sensitive change. */
export const FRESH_SESSION_MS = 15 * 60 * 1000;

/**
 * Fresh means authenticated at most 15 minutes ago and not in the future: a future
 * `authenticatedAt` is clock skew or tampering and never counts. API keys are never fresh.
 */
export function isFresh(principal: Principal, now: Date): boolean {
  if (principal.kind !== 'session') return false;
  const age = now.getTime() - principal.authenticatedAt.getTime();
  return age >= 0 && age <= FRESH_SESSION_MS;
}
