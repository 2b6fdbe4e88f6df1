import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Who sent a request, for audit events and logs. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    context: RequestContext;
  }
}

/**
 * Gives every request an id: the caller's `x-request-id` when it is a sane token (so a load
 * balancer's id follows the request), else a fresh UUID. The id is echoed in the response.
 */
export function assignRequestContext(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('x-request-id');
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  req.context = {
    requestId,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
  };
  res.setHeader('x-request-id', requestId);
  next();
}
