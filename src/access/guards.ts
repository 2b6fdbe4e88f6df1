import type { NextFunction, Request, Response } from 'express';

import type { Clock } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { ForbiddenError, ReauthRequiredError, UnauthenticatedError } from './access-errors.js';
import { isFresh } from './fresh-session.js';
import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** The principal of an authenticated request; handlers behind the guards may rely on it. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthenticatedError();
  return req.principal;
}

/**
 * The guard chain of every admin route, in the one order DESIGN.md sets: authenticated → same
 * organization → permission → fresh session (where the route needs it). Another organization's
 * id is 404, as if it did not exist (rule 7).
 */
export function guard(clock: Clock, permission: Permission, options: { fresh?: boolean } = {}) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const principal = principalOf(req);
    if (req.params.orgId !== principal.orgId) throw new NotFoundError('no such organization');
    if (!principal.permissions.has(permission)) throw new ForbiddenError(permission);
    if (options.fresh && !isFresh(principal, clock.now())) {
      throw new ReauthRequiredError(principal.kind === 'api_key');
    }
    next();
  };
}

/** Routes any member of the organization may read. */
export function sameOrganization(req: Request, _res: Response, next: NextFunction): void {
  const principal = principalOf(req);
  if (req.params.orgId !== principal.orgId) throw new NotFoundError('no such organization');
  next();
}
