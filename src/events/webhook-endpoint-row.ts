import type { EntityManager } from 'typeorm';

import { cursorKeySql, pageOfRows, type KeysetPage } from '../db/page-cursor.js';
import { isUuid } from '../db/uuid.js';
import { NotFoundError } from '../errors.js';

/** An endpoint as the admin API shows it: never its secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export const ENDPOINT_COLUMNS = `e.id, e.url, e.description, e.event_types AS "eventTypes",
  e.enabled, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

export function toEndpointView(row: Record<string, unknown>): WebhookEndpointView {
  return {
    id: row.id as string,
    url: row.url as string,
    description: row.description as string,
    eventTypes: (row.eventTypes as string[]) ?? [],
    enabled: row.enabled as boolean,
    createdAt: new Date(row.createdAt as string).toISOString(),
    updatedAt: new Date(row.updatedAt as string).toISOString(),
  };
}

export class WebhookEndpointNotFoundError extends NotFoundError {
  constructor() {
    super('no such webhook endpoint in this organization');
  }
}

/** One endpoint of the organization, locked for the transaction when `forUpdate`; else 404. */
export async function findWebhookEndpoint(
  manager: EntityManager,
  orgId: string,
  endpointId: string,
  options: { forUpdate?: boolean } = {},
): Promise<WebhookEndpointView> {
  if (!isUuid(endpointId)) throw new WebhookEndpointNotFoundError();
  const [row] = await manager.query(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.id = $1 AND e.org_id = $2
      ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    [endpointId, orgId],
  );
  if (!row) throw new WebhookEndpointNotFoundError();
  return toEndpointView(row);
}

/** A keyset page of the organization's endpoints, oldest first. */
export async function listWebhookEndpoints(
  manager: EntityManager,
  orgId: string,
  page: KeysetPage,
) {
  const rows = await manager.query(
    `SELECT ${ENDPOINT_COLUMNS}, ${cursorKeySql('e')} AS "cursorAt" FROM webhook_endpoints e
      WHERE e.org_id = $1
        AND ($2::timestamptz IS NULL OR (e.created_at, e.id) > ($2::timestamptz, $3::uuid))
      ORDER BY e.created_at, e.id LIMIT $4`,
    [orgId, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
  );
  const { rows: endpoints, nextCursor } = pageOfRows(rows, page.limit);
  return { data: endpoints.map(toEndpointView), nextCursor };
}
