import type { Request } from 'express';

import { isUuid } from '../../db/uuid.js';
import { ValidationError } from '../../errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** Keyset position: the `(created_at, id)` of the last row of the previous page. */
export interface PageAfter {
  createdAt: Date;
  id: string;
}

export interface PageQuery {
  limit: number;
  after: PageAfter | null;
}

export interface Page<T> {
  data: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Reads `?limit=&cursor=`. Pages are keyset pages over `(created_at, id)`, so a row added or
 * removed between two requests neither repeats nor skips another. The cursor is opaque to
 * clients; a cursor we did not make is 400, never a 500.
 */
export function readPageQuery(req: Request): PageQuery {
  const rawLimit = req.query.limit;
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (typeof rawLimit !== 'string' || !Number.isInteger(limit) || limit < 1) {
      throw new ValidationError(`limit: must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    limit = Math.min(limit, MAX_PAGE_SIZE);
  }
  const cursor = req.query.cursor;
  if (cursor === undefined) return { limit, after: null };
  const after = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
  if (!after) throw new ValidationError('cursor: not a cursor this API issued');
  return { limit, after };
}

/** Builds a page from up to `limit + 1` rows: the extra row only says another page exists. */
export function pageOf<T extends { createdAt: Date | string; id: string }>(
  rows: T[],
  limit: number,
): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const more = rows.length > limit && last !== undefined;
  return { data, nextCursor: more ? encodeCursor(new Date(last.createdAt), last.id) : null };
}

// TODO(page-cursor): the cursor keeps milliseconds; a row written with Postgres's microsecond
// now() (rather than the clock's Date, as every admin and SCIM write does) could repeat across a
// page boundary. Not yet: encode the database's own text of the timestamp instead.
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): PageAfter | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value;
    const createdAt = new Date(typeof at === 'string' ? at : NaN);
    if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}
