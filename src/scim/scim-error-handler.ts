import type { NextFunction, Request, Response } from 'express';

import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { clientFaultOf } from '../ops/client-faults.js';
import type { Logger } from '../ops/logger.js';
import { TesseraError } from '../errors.js';
import { ScimError } from './scim-error.js';
import { sendScimError } from './scim-response.js';

/** A short wait: a database restart or fail-over takes seconds. */
const RETRY_AFTER_SECONDS = '5';

/**
 * The one place SCIM errors become HTTP. Domain errors map to their RFC 7644 §3.12 pair; body
 * parser failures are the client's; anything else is logged and answered with a bare 500 whose
 * body says nothing about the fault.
 */
export function createScimErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const scimError = toScimError(error);
    if (scimError) {
      sendScimError(res, scimError);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      // A transient outage, not a fault of the request: the IdP retries later.
      logger.warn({ err: error, requestId: req.context?.requestId }, 'database unavailable');
      res.set('Retry-After', RETRY_AFTER_SECONDS);
      sendScimError(res, new ScimError(503, undefined, 'service_unavailable'));
      return;
    }
    logger.error(
      { err: error, requestId: req.context?.requestId, route: req.route?.path },
      'scim request failed',
    );
    sendScimError(res, new ScimError(500, undefined, 'server_error'));
  };
}

function toScimError(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (error instanceof TesseraError && error.expose) {
    if (error.status === 409) return ScimError.uniqueness(error.message);
    if (error.status === 400) return ScimError.invalidValue(error.message);
    return new ScimError(error.status, undefined, error.message);
  }
  const parserError = error as { type?: string; status?: number };
  if (parserError?.type === 'entity.too.large') {
    return new ScimError(413, undefined, 'request body is larger than 1 MiB');
  }
  if (parserError?.type === 'entity.parse.failed') {
    return ScimError.invalidSyntax('request body is not valid JSON');
  }
  if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    return new ScimError(415, undefined, 'request body must be UTF-8 JSON');
  }
  const fault = clientFaultOf(error);
  if (fault?.status === 400) return ScimError.invalidValue(fault.message);
  if (fault) return new ScimError(fault.status, undefined, fault.message);
  return undefined;
}
