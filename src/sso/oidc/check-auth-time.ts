import { oidcError } from './oidc-errors.js';

/** Clock difference tolerated between Tessera and the OP when judging `auth_time`. */
export const AUTH_TIME_SKEW_MS = 30_000;

/**
 * Step-up asked for `prompt=login` and `max_age=0`. OIDC Core §3.1.2.1 makes `auth_time`
 * required in that case, and §3.1.3.7 step 13 has the RP check it: an OP that silently reused
 * an old session (or a token minted before this flow began) is refused, otherwise step-up would
 * renew a session without anyone proving presence.
 */
export function checkStepUpAuthTime(authTime: unknown, startedAt: Date, now: Date): void {
  if (typeof authTime !== 'number') {
    throw oidcError('oidc_stale_auth_time', { reason: 'auth_time missing' });
  }
  const at = authTime * 1000;
  if (at < startedAt.getTime() - AUTH_TIME_SKEW_MS) {
    throw oidcError('oidc_stale_auth_time', { reason: 'before the step-up began' });
  }
  if (at > now.getTime() + AUTH_TIME_SKEW_MS) {
    throw oidcError('oidc_stale_auth_time', { reason: 'in the future' });
  }
}
