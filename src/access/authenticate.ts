import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';

import type { Clock } from '../clock.js';
import type { Keyring } from '../secrets/keyring.js';
import { CsrfError } from './access-errors.js';
import { resolveApiKey } from './api-keys/resolve-api-key.js';
import { readSessionCookie } from './sessions/session-cookie.js';
import { resolveSession } from './sessions/resolve-session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-tessera-csrf';

/**
 * Finds who is calling: an API key (`Authorization: Bearer tsk_…` or `x-api-key`) or the session
 * cookie. A cookie-authenticated write must carry `X-Tessera-CSRF`, a header no cross-site form
 * can send (and that a cross-origin script could only send after a CORS preflight Tessera never
 * grants), and, when the browser names an `Origin`, it must be Tessera's own.
 */
export function createAuthenticate(deps: {
  db: DataSource;
  keyring: Keyring;
  clock: Clock;
  publicUrl: string;
}) {
  const ownOrigin = new URL(deps.publicUrl).origin;

  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const now = deps.clock.now();
    const key = presentedApiKey(req);
    if (key) {
      req.principal = await resolveApiKey(deps.db, deps.keyring, key, now);
      return next();
    }
    const cookie = readSessionCookie(req.get('cookie'));
    if (!cookie) return next();

    req.principal = await resolveSession(deps.db, deps.keyring, cookie, now);
    if (req.principal && !SAFE_METHODS.has(req.method)) {
      const origin = req.get('origin');
      if (!req.get(CSRF_HEADER)) throw new CsrfError('header');
      if (origin !== undefined && origin !== ownOrigin) throw new CsrfError('origin');
    }
    next();
  };
}

function presentedApiKey(req: Request): string | undefined {
  const header = req.get('x-api-key');
  if (header) return header.trim();
  const match = /^Bearer[ \t]+(tsk_\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}
