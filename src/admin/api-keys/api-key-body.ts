import { z } from 'zod';

import { DEFAULT_API_KEY_DAYS, MAX_API_KEY_DAYS } from '../../access/api-keys/api-key-format.js';
import { isPermission, type Permission } from '../../access/permissions.js';
import { ValidationError } from '../../errors.js';
import { parseBody } from '../admin-input.js';

const MAX_NAME_CHARS = 200;

const CREATE_API_KEY = z.strictObject({
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  memberId: z.string().optional(),
  permissions: z.array(z.string()).max(100).optional(),
  expiresInDays: z.int().min(1).max(MAX_API_KEY_DAYS).default(DEFAULT_API_KEY_DAYS),
});

export interface CreateApiKeyRequest {
  name: string;
  memberId?: string;
  permissions?: Permission[];
  expiresInDays: number;
}

/** `POST api-keys`: the shape, then every permission against the closed catalog. */
export function readCreateApiKey(body: unknown): CreateApiKeyRequest {
  const input = parseBody(CREATE_API_KEY, body);
  const unknown = (input.permissions ?? []).filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw new ValidationError(`permissions: unknown permission ${unknown.join(', ')}`);
  }
  return { ...input, permissions: input.permissions as Permission[] | undefined };
}
