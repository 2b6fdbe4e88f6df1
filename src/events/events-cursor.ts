import { ValidationError } from '../errors.js';

const CURSOR_TAG = 'ev1';
// At most 18 digits, so every value fits a bigint.
const SEQ = /^(0|[1-9][0-9]{0,17})$/;

/** An opaque position in a `seq`-ordered list: the `seq` of the last row a client has seen. */
export function encodeEventCursor(seq: string): string {
  return Buffer.from(`${CURSOR_TAG}:${seq}`, 'utf8').toString('base64url');
}

/** The `seq` inside a cursor; anything this server did not issue is 400, never a 500. */
export function decodeEventCursor(cursor: string, param = 'after'): string {
  const [tag, seq, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (tag !== CURSOR_TAG || seq === undefined || !SEQ.test(seq) || extra !== undefined) {
    throw new ValidationError(`${param}: not a cursor this API issued`, 'invalid_cursor');
  }
  return seq;
}
