import type { Response } from 'express';

import { ERROR_SCHEMA, SCIM_MEDIA_TYPE } from './scim-constants.js';
import type { ScimError } from './scim-error.js';

/** Sends a SCIM body with the SCIM media type. */
export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** RFC 7644 §3.12: `status` is a string; `scimType` only where the RFC defines one. */
export function sendScimError(res: Response, error: ScimError): void {
  const body: Record<string, unknown> = {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    detail: error.message,
  };
  if (error.scimType) body.scimType = error.scimType;
  sendScim(res, error.status, body);
}

/** Weak ETag of a resource version (RFC 7644 §3.14). */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}
