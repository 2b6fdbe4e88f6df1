import type { z } from 'zod';

import { ValidationError } from '../../errors.js';

/**
 * Validates a JSON body against a zod schema. The first problem becomes 400 `invalid_request`
 * naming the field, so a client can fix its request without reading our source. A missing body
 * reads as `{}`, so the message names the first required field rather than "body".
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
