import type { Request } from 'express';
import type { z } from 'zod';

import { isUuid } from '../db/uuid.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { decodeCursor, type PageCursor } from '../db/page-cursor.js';

/** The same page rules as every admin list: 100 by default, more than 500 read as 500. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/**
 * Validates a JSON body with a zod schema; the first problem is 400 `invalid_request` naming the
 * field. A missing body reads as `{}`, so the message names the first required field.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new ValidationError(`unknown field: ${issue.keys.join(', ')}`);
  }
  const field = issue.path.map(String).join('.');
  throw new ValidationError(`${field || 'body'}: ${issue.message}`);
}

/** A path id: anything that is not a UUID cannot name a row, so it is 404, never a 500. */
export function pathId(req: Request, name: string, what: string): string {
  const value = req.params[name];
  if (!isUuid(value)) throw new NotFoundError(`no such ${what} in this organization`);
  return value.toLowerCase();
}

/** One optional query parameter, given at most once. */
export function queryValue(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`${name}: give it at most once`);
  return value;
}

/** One optional query parameter that must be one of `allowed`. */
export function queryChoice<T extends string>(
  req: Request,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = queryValue(req, name);
  if (value === undefined || (allowed as readonly string[]).includes(value)) {
    return value as T | undefined;
  }
  throw new ValidationError(`${name}: must be one of ${allowed.join(', ')}`);
}

/** `?limit=&cursor=`: keyset pages over `(created_at, id)`; the cursor is opaque. */
export function readPage(req: Request): { limit: number; after?: PageCursor } {
  const rawLimit = queryValue(req, 'limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) {
      throw new ValidationError('limit: must be an integer of 1 or more');
    }
    limit = Math.min(Number(rawLimit), MAX_PAGE_SIZE);
  }
  const cursor = queryValue(req, 'cursor');
  return { limit, after: cursor === undefined ? undefined : decodeCursor(cursor) };
}
