import { z } from 'zod';

import { ValidationError } from '../../errors.js';
import { EVENT_TYPES } from '../../events/event-types.js';
import { parseWebhookUrl } from '../../events/webhook-url.js';
import type { WebhookEndpointFields } from '../../events/write-webhook-endpoint.js';
import type { OutboundPolicy } from '../../ops/outbound-http.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseBody } from '../admin-input.js';

const MAX_EVENT_TYPES = 50;

const FIELDS = {
  url: z.string().min(1),
  description: z.string().trim().max(500),
  eventTypes: z.array(z.string()).max(MAX_EVENT_TYPES),
  enabled: z.boolean(),
};
const CREATE = z.strictObject({
  url: FIELDS.url,
  description: FIELDS.description.optional(),
  eventTypes: FIELDS.eventTypes.optional(),
  enabled: FIELDS.enabled.optional(),
});
const UPDATE = z.strictObject({
  url: FIELDS.url.optional(),
  description: FIELDS.description.optional(),
  eventTypes: FIELDS.eventTypes.optional(),
  enabled: FIELDS.enabled.optional(),
});

/** `POST …/webhooks`: a URL, and optionally a description, event types (default all), enabled. */
export function readCreateWebhook(body: unknown, policy: OutboundPolicy): WebhookEndpointFields {
  const input = parseBody(CREATE, body);
  return {
    url: parseWebhookUrl(input.url, policy),
    description: input.description ?? '',
    eventTypes: checkEventTypes(input.eventTypes ?? []),
    enabled: input.enabled ?? true,
  };
}

/** `PATCH …/webhooks/{id}`: any of the fields, at least one. */
export function readUpdateWebhook(
  body: unknown,
  policy: OutboundPolicy,
): Partial<WebhookEndpointFields> {
  const input = parseBody(UPDATE, body);
  if (Object.keys(input).length === 0) throw new ValidationError('body: give at least one field');
  return {
    ...input,
    ...(input.url !== undefined && { url: parseWebhookUrl(input.url, policy) }),
    ...(input.eventTypes !== undefined && { eventTypes: checkEventTypes(input.eventTypes) }),
  };
}

/** A closed set: an unknown type is refused by name rather than silently never matching. */
function checkEventTypes(types: string[]): string[] {
  const unknown = types.filter((type) => !EVENT_TYPES.includes(type));
  if (unknown.length > 0) {
    throw new ValidationError(`eventTypes: unknown event type: ${unknown.join(', ')}`);
  }
  return [...new Set(types)].sort();
}

/** `?limit=` of the seq-keyed lists (events, deliveries): the admin API's page-size rules. */
export function readLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ValidationError('limit: must be an integer of 1 or more');
  }
  return Math.min(Number(raw), MAX_PAGE_SIZE);
}
