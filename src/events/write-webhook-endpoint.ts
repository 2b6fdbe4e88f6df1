import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../access/audited-change.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { rowsOf } from '../db/query-rows.js';
import type { Keyring } from '../secrets/keyring.js';
import {
  ENDPOINT_COLUMNS,
  findWebhookEndpoint,
  toEndpointView,
  type WebhookEndpointView,
} from './webhook-endpoint-row.js';
import { newWebhookSecret } from './webhook-secret.js';

export interface WebhookEndpointFields {
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
}

/**
 * Registers an endpoint with a new signing secret, returned here only (rule 8: stored
 * encrypted). The audit event names the host, not the URL, whose query may hold a token.
 */
export async function createWebhookEndpoint(
  manager: EntityManager,
  keyring: Keyring,
  fields: WebhookEndpointFields,
  change: AuditedChange,
): Promise<WebhookEndpointView & { secret: string }> {
  const id = randomUUID();
  const { secret, encrypted } = newWebhookSecret(keyring, id);
  const [row] = await manager.query(
    `INSERT INTO webhook_endpoints AS e (id, org_id, url, description, secret_encrypted,
       event_types, enabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${ENDPOINT_COLUMNS}`,
    [
      id,
      change.orgId,
      fields.url,
      fields.description,
      encrypted,
      fields.eventTypes,
      fields.enabled,
      change.at,
    ],
  );
  await audit(manager, change, 'organization.webhook.created', id, {
    host: new URL(fields.url).host,
    eventTypes: fields.eventTypes.join(','),
    enabled: fields.enabled,
  });
  return { ...toEndpointView(row), secret };
}

/** Changes the given fields; a request that changes nothing records nothing. */
export async function updateWebhookEndpoint(
  manager: EntityManager,
  endpointId: string,
  patch: Partial<WebhookEndpointFields>,
  change: AuditedChange,
): Promise<WebhookEndpointView> {
  const current = await findWebhookEndpoint(manager, change.orgId, endpointId, { forUpdate: true });
  const next = { ...current, ...patch };
  const changed = (['url', 'description', 'eventTypes', 'enabled'] as const).filter(
    (f) => JSON.stringify(current[f]) !== JSON.stringify(next[f]),
  );
  if (changed.length === 0) return current;

  const result = await manager.query(
    `UPDATE webhook_endpoints e SET url = $3, description = $4, event_types = $5, enabled = $6,
            updated_at = $7
      WHERE e.id = $1 AND e.org_id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
    [
      current.id,
      change.orgId,
      next.url,
      next.description,
      next.eventTypes,
      next.enabled,
      change.at,
    ],
  );
  const [row] = rowsOf<Record<string, unknown>>(result);
  await audit(manager, change, 'organization.webhook.updated', current.id, {
    host: new URL(next.url).host,
    changed: changed.join(','),
    enabled: next.enabled,
  });
  return toEndpointView(row);
}

/** Deletes an endpoint and its delivery log; pending deliveries to it are dropped. */
export async function deleteWebhookEndpoint(
  manager: EntityManager,
  endpointId: string,
  change: AuditedChange,
): Promise<void> {
  const current = await findWebhookEndpoint(manager, change.orgId, endpointId, { forUpdate: true });
  await manager.query('DELETE FROM webhook_endpoints WHERE id = $1', [current.id]);
  await audit(manager, change, 'organization.webhook.deleted', current.id, {
    host: new URL(current.url).host,
  });
}

/** A new signing secret at once; the old one stops signing with the next delivery. */
export async function rotateWebhookSecret(
  manager: EntityManager,
  keyring: Keyring,
  endpointId: string,
  change: AuditedChange,
): Promise<{ id: string; secret: string }> {
  const current = await findWebhookEndpoint(manager, change.orgId, endpointId, { forUpdate: true });
  const { secret, encrypted } = newWebhookSecret(keyring, current.id);
  await manager.query(
    'UPDATE webhook_endpoints SET secret_encrypted = $2, updated_at = $3 WHERE id = $1',
    [current.id, encrypted, change.at],
  );
  await audit(manager, change, 'organization.webhook.secret_rotated', current.id, {
    host: new URL(current.url).host,
  });
  return { id: current.id, secret };
}

async function audit(
  manager: EntityManager,
  change: AuditedChange,
  action: string,
  endpointId: string,
  payload: Record<string, string | boolean>,
): Promise<void> {
  await recordAuditEvent(manager, {
    ...change,
    action,
    target: { type: 'webhook_endpoint', id: endpointId },
    payload,
  });
}
