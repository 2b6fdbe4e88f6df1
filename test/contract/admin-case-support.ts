import { randomUUID } from 'node:crypto';

import type { Response } from 'supertest';

import { issueTestApiKey } from '../support/api-keys.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  uniqueName,
  type ContractCase,
  type ContractContext,
  type Method,
} from './contract-case.js';

/** Who sends an admin request: a fresh session of a role, a stale one, an API key, nobody. */
export type Caller = 'owner' | 'admin' | 'member' | 'stale-owner' | 'owner-key' | 'nobody';

export const ADMIN_BASE = '/api/v1/orgs/{orgId}';
export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const members = new WeakMap<ContractContext, Map<string, string>>();

/** A member of the contract organization with a built-in role, made once per context. */
export async function memberOf(ctx: ContractContext, role: string): Promise<string> {
  const known = members.get(ctx) ?? new Map<string, string>();
  members.set(ctx, known);
  if (!known.has(role)) {
    known.set(role, await createMember(ctx.t, ctx.org.id, `${uniqueName(role)}@example.com`, role));
  }
  return known.get(role)!;
}

async function headersOf(ctx: ContractContext, caller: Caller): Promise<Record<string, string>> {
  if (caller === 'nobody') return {};
  if (caller === 'owner-key') {
    return (await issueTestApiKey(ctx.t, ctx.org.id, await memberOf(ctx, 'owner'))).headers;
  }
  const role = caller === 'stale-owner' ? 'owner' : caller;
  const authenticatedAt =
    caller === 'stale-owner' ? new Date(ctx.t.clock.now().getTime() - 16 * 60_000) : undefined;
  return (await signIn(ctx.t, ctx.org.id, await memberOf(ctx, role), { authenticatedAt })).headers;
}

/**
 * Sends one admin request: `path` is a template under `/api/v1/orgs/{orgId}` whose `{orgId}`
 * is the contract organization unless `orgId` says otherwise.
 */
export async function admin(
  ctx: ContractContext,
  method: Method,
  path: string,
  options: { as?: Caller; body?: unknown; orgId?: string } = {},
): Promise<Response> {
  const url = path.replace('{orgId}', options.orgId ?? ctx.org.id);
  const req = ctx.t.http[method](url)
    .set('Accept', 'application/json')
    .set(await headersOf(ctx, options.as ?? 'owner'));
  return options.body === undefined ? req : req.send(options.body as object);
}

/** One case for each operation, sent without credentials: 401 everywhere. */
export function unauthenticatedCases(operations: [Method, string, string][]): ContractCase[] {
  return operations.map(([method, path, concrete]) => ({
    name: 'no session cookie and no API key',
    method,
    path,
    status: 401,
    run: (ctx) => admin(ctx, method, concrete, { as: 'nobody' }),
  }));
}

/** An organization id no caller belongs to. */
export const otherOrgId = () => randomUUID();
