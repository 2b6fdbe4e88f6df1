import { randomBytes, randomUUID } from 'node:crypto';

import type { Response, Test } from 'supertest';

import { GROUP_SCHEMA, userBody } from '../support/scim-bodies.js';
import { SCIM_JSON, type TestApp, type TestOrg } from '../support/test-app.js';

/** The documented paths, spelled as in `openapi.yaml`. */
export const PATHS = {
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  openapi: '/openapi.yaml',
  users: '/scim/v2/Users',
  user: '/scim/v2/Users/{id}',
  groups: '/scim/v2/Groups',
  group: '/scim/v2/Groups/{id}',
  serviceProviderConfig: '/scim/v2/ServiceProviderConfig',
  resourceTypes: '/scim/v2/ResourceTypes',
  resourceType: '/scim/v2/ResourceTypes/{id}',
  schemas: '/scim/v2/Schemas',
  schema: '/scim/v2/Schemas/{id}',
  bulk: '/scim/v2/Bulk',
  search: '/scim/v2/.search',
  usersSearch: '/scim/v2/Users/.search',
  groupsSearch: '/scim/v2/Groups/.search',
  me: '/scim/v2/Me',
} as const;

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a case runs against: an app and an organization with a SCIM connection. */
export interface ContractContext {
  t: TestApp;
  org: TestOrg;
}

/**
 * One request the suite sends and the documented answer it expects. `run` builds whatever it
 * needs itself, so cases pass in any order; `verify` adds checks the schema cannot express.
 */
export interface ContractCase {
  name: string;
  method: Method;
  path: string;
  status: number;
  run(ctx: ContractContext): Promise<Response>;
  verify?(res: Response, ctx: ContractContext): void | Promise<void>;
}

export interface CallOptions {
  /** Bearer token; `null` sends none. Defaults to the organization's token. */
  token?: string | null;
  /** A JSON body, serialised and sent as `application/scim+json` unless `type` says otherwise. */
  body?: unknown;
  /** A body sent byte for byte. */
  raw?: string;
  type?: string;
  headers?: Record<string, string>;
}

/** Sends one request to `app`; `url` is the concrete path, query included. */
export function call(
  app: TestApp,
  org: TestOrg,
  method: Method,
  url: string,
  options: CallOptions = {},
): Test {
  let req = app.http[method](url).set('Accept', SCIM_JSON);
  const token = options.token === undefined ? org.token : options.token;
  if (token !== null) req = req.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);

  const body =
    options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body === undefined) return req;
  return req.set('Content-Type', options.type ?? SCIM_JSON).send(body);
}

/** A request to the live app's SCIM base, with the organization's token. */
export function scim(
  ctx: ContractContext,
  method: Method,
  url: string,
  options?: CallOptions,
): Test {
  return call(ctx.t, ctx.org, method, `/scim/v2${url}`, options);
}

let sequence = 0;

/** A name no other case uses. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomBytes(3).toString('hex')}`;
}

export interface Created {
  id: string;
  etag: string;
  body: Record<string, unknown>;
}

export async function createUser(
  ctx: ContractContext,
  userName = `${uniqueName('user')}@example.com`,
  extra: Record<string, unknown> = {},
): Promise<Created> {
  const res = await scim(ctx, 'post', '/Users', { body: userBody(userName, extra) });
  if (res.status !== 201) throw new Error(`could not create user: ${res.status} ${res.text}`);
  return { id: res.body.id, etag: res.headers.etag!, body: res.body };
}

export async function createGroup(
  ctx: ContractContext,
  memberIds: string[] = [],
  displayName = uniqueName('group'),
): Promise<Created> {
  const members = memberIds.map((value) => ({ value }));
  const body = { schemas: [GROUP_SCHEMA], displayName, members };
  const res = await scim(ctx, 'post', '/Groups', { body });
  if (res.status !== 201) throw new Error(`could not create group: ${res.status} ${res.text}`);
  return { id: res.body.id, etag: res.headers.etag!, body: res.body };
}

/** A token of the right shape that no connection issued. */
export function unknownToken(): string {
  return `tss_${randomUUID()}_${randomBytes(32).toString('hex')}`;
}
