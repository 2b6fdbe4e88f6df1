import { isUuid } from '../db/uuid.js';
import { ValidationError } from '../errors.js';

/** Keyset position: the `(created_at, id)` of the last row of the previous page. */
export interface PageCursor {
  /** `created_at` to the microsecond, as Postgres stores it, so no row repeats or hides. */
  at: string;
  id: string;
}

const MICROSECOND_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** SQL for a row's cursor timestamp; a JS Date would drop the microseconds. */
export function cursorKeySql(alias: string): string {
  return `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** What a list reads: at most `limit` rows after an optional cursor position. */
export interface KeysetPage {
  limit: number;
  after?: PageCursor;
}

/** The opaque `nextCursor` a client sends back as `cursor`. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Opaque to clients; anything this server did not issue is 400 naming `cursor`, never a 500. */
export function decodeCursor(raw: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    MICROSECOND_ISO.test(parsed[0]) &&
    isRealInstant(parsed[0]) &&
    isUuid(parsed[1])
  ) {
    return { at: parsed[0], id: parsed[1] };
  }
  throw new ValidationError('cursor: not a cursor this API issued');
}

/** Rejects shapes that fit the pattern but name no instant (February 31st), before SQL does. */
function isRealInstant(value: string): boolean {
  const ms = Date.parse(value);
  // Every row was written after 1970; earlier years (year 0 among them) name no position.
  return ms >= 0 && new Date(ms).toISOString().slice(0, 23) === value.slice(0, 23);
}

/** Up to `limit + 1` rows in, one page out: the extra row only says another page exists. */
export function pageOfRows<T extends { cursorAt: string; id: string }>(
  rows: T[],
  limit: number,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const more = rows.length > limit && last !== undefined;
  return { rows: page, nextCursor: more ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
}
