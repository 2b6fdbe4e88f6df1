import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';

import type { Clock } from '../clock.js';
import type { Keyring } from '../secrets/keyring.js';
import { verifyScimToken, type ScimPrincipal } from './connections/verify-scim-token.js';
import { ScimError } from './scim-error.js';
import { sendScimError } from './scim-response.js';

declare module 'express-serve-static-core' {
  interface Request {
    scim: ScimPrincipal;
  }
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * RFC 7644 §2 delegates authentication to the service provider; Tessera uses OAuth-style bearer
 * tokens (RFC 6750). A missing or bad token gets 401 with `WWW-Authenticate` (RFC 6750 §3) and
 * one detail for every cause, so a probe cannot tell an unknown id from a wrong secret.
 */
export function createScimAuth(deps: { db: DataSource; keyring: Keyring; clock: Clock }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const principal = match
      ? await verifyScimToken(deps.db, deps.keyring, match[1]!, deps.clock.now())
      : undefined;
    if (!principal) {
      const challenge = match
        ? 'Bearer realm="scim", error="invalid_token"'
        : 'Bearer realm="scim"';
      res.setHeader('WWW-Authenticate', challenge);
      sendScimError(res, new ScimError(401, undefined, 'a valid SCIM bearer token is required'));
      return;
    }
    req.scim = principal;
    next();
  };
}
