import type { NextFunction, Request, Response } from 'express';

import { ReauthRequiredError } from '../access/access-errors.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { TesseraError } from '../errors.js';
import { clientFaultOf } from '../ops/client-faults.js';
import type { Logger } from '../ops/logger.js';

/**
 * The one place admin and auth errors become HTTP: `{ error, message }` with a stable code. A
 * fault that is not ours to explain is a bare `server_error`; its detail goes to the log.
 */
export function createAdminErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof ReauthRequiredError) {
      res.status(403).json({
        error: error.code,
        reason: error.reason,
        message: error.message,
        stepUp: error.stepUp,
      });
      return;
    }
    if (error instanceof TesseraError && error.expose) {
      res.status(error.status).json({ error: error.code, message: error.message });
      return;
    }
    const fault = clientFaultOf(error);
    if (fault) {
      res.status(fault.status).json({ error: fault.code, message: fault.message });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, requestId: req.context?.requestId }, 'database unavailable');
      res.set('Retry-After', '5');
      res.status(503).json({ error: 'service_unavailable', message: 'service_unavailable' });
      return;
    }
    logger.error({ err: error, requestId: req.context?.requestId }, 'admin request failed');
    res.status(500).json({ error: 'server_error', message: 'server_error' });
  };
}
