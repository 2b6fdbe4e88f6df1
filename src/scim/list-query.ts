import type { Request } from 'express';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './scim-constants.js';
import { ScimError } from './scim-error.js';

/** The query parameters of a SCIM list request (RFC 7644 §3.4.2). */
export interface ListQuery {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  shape: ShapeQuery;
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), for lists and single reads alike. */
export interface ShapeQuery {
  attributes?: string[];
  excludedAttributes?: string[];
}

export function readShapeQuery(req: Request): ShapeQuery {
  return {
    attributes: readList(req, 'attributes'),
    excludedAttributes: readList(req, 'excludedAttributes'),
  };
}

export function readListQuery(req: Request): ListQuery {
  const sortOrder = readString(req, 'sortOrder')?.toLowerCase() ?? 'ascending';
  if (sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw ScimError.invalidValue('sortOrder must be "ascending" or "descending"');
  }
  return {
    filter: readString(req, 'filter'),
    // RFC 7644 §3.4.2.4: a startIndex below 1 is read as 1, a negative count as 0.
    startIndex: Math.max(1, readInteger(req, 'startIndex') ?? 1),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, readInteger(req, 'count') ?? DEFAULT_PAGE_SIZE)),
    sortBy: readString(req, 'sortBy'),
    sortOrder,
    shape: readShapeQuery(req),
  };
}

function readString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ScimError.invalidValue(`${name} must be given once`);
  return value;
}

function readInteger(req: Request, name: string): number | undefined {
  const value = readString(req, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d{1,9}$/.test(value.trim())) {
    throw ScimError.invalidValue(`${name} must be an integer`);
  }
  return Number(value);
}

function readList(req: Request, name: string): string[] | undefined {
  const value = readString(req, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items.length > 0 ? items : undefined;
}
