import type { Request } from 'express';

import { ScimError } from './scim-error.js';
import { etagOf } from './scim-response.js';

/**
 * RFC 7644 §3.14 with RFC 7232 §3.1: a write carrying `If-Match` proceeds only when one of the
 * listed tags (weak comparison) is the resource's current version, or the list is `*`.
 */
export function checkIfMatch(req: Request, version: number): void {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '*') return;
  const current = etagOf(version);
  const tags = header.split(',').map((t) => t.trim());
  if (!tags.some((t) => t === current || `W/${t}` === current)) {
    throw new ScimError(412, undefined, 'the resource has changed since the version given');
  }
}

/** `If-None-Match` on a read: true when the client already has this version. */
export function isNotModified(req: Request, version: number): boolean {
  const header = req.get('if-none-match');
  if (header === undefined) return false;
  const current = etagOf(version);
  return header.split(',').some((t) => t.trim() === current || `W/${t.trim()}` === current);
}
