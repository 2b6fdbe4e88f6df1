import { ValidationError } from '../errors.js';

const CURSOR_VERSION = 'v1';
// At most 18 digits: every such number fits a bigint, whose maximum has 19.
const SEQ = /^[1-9][0-9]{0,17}$/;

/**
 * Opaque page cursors: the sequence number a page ended at, wrapped so clients do not build
 * them by hand and the format can change behind its version tag.
 */
export function encodeAuditCursor(seq: string): string {
  return Buffer.from(`${CURSOR_VERSION}:${seq}`, 'utf8').toString('base64url');
}

/** The sequence number inside a cursor; anything this server did not issue is 400. */
export function decodeAuditCursor(cursor: string): string {
  const [version, seq, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (version !== CURSOR_VERSION || seq === undefined || !SEQ.test(seq) || extra !== undefined) {
    throw new ValidationError('cursor is not one this server issued', 'invalid_cursor');
  }
  return seq;
}
