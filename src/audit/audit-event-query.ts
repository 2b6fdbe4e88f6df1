import { z } from 'zod';

import type { AuditActorType } from '../../entities/audit-event.js';
import { ValidationError } from '../errors.js';
import { decodeAuditCursor } from './audit-cursor.js';

const ACTOR_TYPES = ['member', 'api_key', 'scim_connection', 'operator', 'system'] as const;
/** An action such as `organization.member.removed`, or a prefix ending in `*`. */
const ACTION = /^[A-Za-z0-9_.:-]*\*?$/;
const IDENTIFIER = /^[\x21-\x7e]+$/;
export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 200;

/** What narrows the events read; every key is optional and they combine with AND. */
export interface AuditEventFilters {
  action?: { exact: string } | { prefix: string };
  actorType?: AuditActorType;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
}

/** A calendar date (midnight UTC) or an RFC 3339 date-time with seconds and an offset. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be an ISO 8601 date or date-time, such as 2026-12-01T09:00:00Z',
  })
  .transform((value) => new Date(value));
const identifier = z.string().min(1).max(256).regex(IDENTIFIER, { error: 'must be printable' });

const FILTER_PARAMS = {
  action: z.string().max(200).regex(ACTION, { error: 'must be an action, or a prefix and *' }),
  actorType: z.enum(ACTOR_TYPES),
  actorId: identifier,
  targetType: identifier,
  targetId: identifier,
  since: instant,
  until: instant,
};
const EXPORT_QUERY = z.strictObject(FILTER_PARAMS).partial();
const LIST_QUERY = z
  .strictObject({
    ...FILTER_PARAMS,
    limit: z
      .string()
      .regex(/^[0-9]{1,4}$/, { error: 'must be an integer' })
      .transform(Number)
      .pipe(z.int().min(1).max(MAX_AUDIT_PAGE)),
    cursor: z.string().max(200),
  })
  .partial();

type ParsedFilterParams = Partial<z.infer<z.ZodObject<typeof FILTER_PARAMS>>>;

/** `GET audit-events`: the filters, the page size and where the previous page ended. */
export function parseAuditListQuery(query: unknown) {
  const params = parseQuery(LIST_QUERY, query);
  return {
    filters: filtersOf(params),
    limit: params.limit ?? DEFAULT_AUDIT_PAGE,
    before: params.cursor === undefined ? undefined : decodeAuditCursor(params.cursor),
  };
}

/** `GET audit-events/export`: the filters only; an export is never paged by the client. */
export function parseAuditExportQuery(query: unknown): AuditEventFilters {
  return filtersOf(parseQuery(EXPORT_QUERY, query));
}

function filtersOf(params: ParsedFilterParams): AuditEventFilters {
  const { action, since, until, ...rest } = params;
  if (since && until && since.getTime() >= until.getTime()) {
    throw new ValidationError('since must be before until', 'invalid_query');
  }
  const filters: AuditEventFilters = { ...rest, since, until };
  if (action !== undefined) {
    filters.action = action.endsWith('*') ? { prefix: action.slice(0, -1) } : { exact: action };
  }
  return filters;
}

/** Unknown parameters are refused: a misspelt filter must not silently widen what is read. */
function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const repeated = Object.entries(query ?? {}).find(([, value]) => Array.isArray(value));
  if (repeated) {
    throw new ValidationError(
      `query parameter ${repeated[0]} is given more than once`,
      'invalid_query',
    );
  }
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown query parameters: ${issue.keys.join(', ')}`
      : `query parameter ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`;
  throw new ValidationError(message, 'invalid_query');
}
