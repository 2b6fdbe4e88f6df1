import fs from 'node:fs';

import { expect } from '@jest/globals';
import supertest from 'supertest';

import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/ops/logger.js';

import { ENTERPRISE, GROUP_SCHEMA, USER_SCHEMA } from '../support/scim-bodies.js';
import { OPENAPI_FILE } from '../support/openapi-validator.js';
import { PUBLIC_URL } from '../support/test-app.js';
import { PATHS, scim, type ContractCase, type Method } from './contract-case.js';

const SCHEMA_IDS = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE];
const READ_ONLY = [
  PATHS.serviceProviderConfig,
  PATHS.resourceTypes,
  PATHS.resourceType,
  PATHS.schemas,
  PATHS.schema,
];
const WRITES: Method[] = ['post', 'put', 'patch', 'delete'];
const ALL: Method[] = ['get', ...WRITES];

/** A concrete URL under `/scim/v2` for a documented path, its `{id}` filled in. */
function concrete(path: string): string {
  const id = path.startsWith(PATHS.schemas) ? USER_SCHEMA : 'User';
  return path.replace('/scim/v2', '').replace('{id}', id);
}

/** RFC 7644 §4 discovery: what the service provider says about itself. */
export const DISCOVERY_CASES: ContractCase[] = [
  {
    name: 'the service provider configuration',
    method: 'get',
    path: PATHS.serviceProviderConfig,
    status: 200,
    run: (ctx) => scim(ctx, 'get', '/ServiceProviderConfig'),
    verify(res) {
      expect(res.body.bulk.supported).toBe(false);
      expect(res.body.filter.maxResults).toBe(1000);
    },
  },
  {
    name: 'discovery needs the token too',
    method: 'get',
    path: PATHS.serviceProviderConfig,
    status: 401,
    run: (ctx) => scim(ctx, 'get', '/ServiceProviderConfig', { token: null }),
  },
  {
    name: 'the resource types',
    method: 'get',
    path: PATHS.resourceTypes,
    status: 200,
    run: (ctx) => scim(ctx, 'get', '/ResourceTypes'),
    verify(res) {
      expect(res.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual(['Group', 'User']);
      expect(res.body.totalResults).toBe(2);
    },
  },
  ...['User', 'Group'].map((id): ContractCase => ({
    name: `the ${id} resource type`,
    method: 'get',
    path: PATHS.resourceType,
    status: 200,
    run: (ctx) => scim(ctx, 'get', `/ResourceTypes/${id}`),
    verify: (res) => expect(res.body.id).toBe(id),
  })),
  {
    name: 'an unknown resource type is 404',
    method: 'get',
    path: PATHS.resourceType,
    status: 404,
    run: (ctx) => scim(ctx, 'get', '/ResourceTypes/Device'),
  },
  {
    name: 'the schemas',
    method: 'get',
    path: PATHS.schemas,
    status: 200,
    run: (ctx) => scim(ctx, 'get', '/Schemas'),
    verify(res) {
      const ids = res.body.Resources.map((r: { id: string }) => r.id);
      expect(ids.sort()).toEqual([...SCHEMA_IDS].sort());
    },
  },
  ...SCHEMA_IDS.map((id): ContractCase => ({
    name: `the schema ${id}`,
    method: 'get',
    path: PATHS.schema,
    status: 200,
    run: (ctx) => scim(ctx, 'get', `/Schemas/${id}`),
    verify: (res) => expect(res.body.id).toBe(id),
  })),
  {
    name: 'an unknown schema is 404',
    method: 'get',
    path: PATHS.schema,
    status: 404,
    run: (ctx) => scim(ctx, 'get', '/Schemas/urn:example:nothing'),
  },
  ...READ_ONLY.flatMap((path) =>
    WRITES.map((method): ContractCase => ({
      name: 'discovery is read-only: 405 with Allow: GET',
      method,
      path,
      status: 405,
      run: (ctx) => scim(ctx, method, concrete(path), method === 'delete' ? {} : { body: {} }),
    })),
  ),
  {
    name: 'the body is read before routing: malformed JSON is 400 even here',
    method: 'post',
    path: PATHS.schemas,
    status: 400,
    run: (ctx) => scim(ctx, 'post', '/Schemas', { raw: '{' }),
    verify: (res) => expect(res.body.scimType).toBe('invalidSyntax'),
  },
];

/** RFC 7644 §3.7, §3.4.3, §3.11: what this service provider does not implement is 501. */
export const UNSUPPORTED_CASES: ContractCase[] = [
  ...[PATHS.bulk, PATHS.search, PATHS.usersSearch, PATHS.groupsSearch].map(
    (path): ContractCase => ({
      name: 'not implemented',
      method: 'post',
      path,
      status: 501,
      run: (ctx) => scim(ctx, 'post', concrete(path), { body: {} }),
    }),
  ),
  ...ALL.map((method): ContractCase => ({
    name: 'a token is not a user: /Me is not implemented',
    method,
    path: PATHS.me,
    status: 501,
    run: (ctx) =>
      scim(ctx, method, '/Me', method === 'get' || method === 'delete' ? {} : { body: {} }),
  })),
];

/** Health, readiness and the contract itself. */
export const OPERATIONS_CASES: ContractCase[] = [
  {
    name: 'the process answers',
    method: 'get',
    path: PATHS.healthz,
    status: 200,
    run: (ctx) => ctx.t.http.get('/healthz'),
  },
  {
    name: 'the database answers',
    method: 'get',
    path: PATHS.readyz,
    status: 200,
    run: (ctx) => ctx.t.http.get('/readyz'),
  },
  {
    name: 'the metrics, in the Prometheus text format',
    method: 'get',
    path: PATHS.metrics,
    status: 200,
    run: (ctx) => ctx.t.http.get('/metrics'),
    verify: (res) => expect(res.text).toContain('# TYPE tessera_http_requests_total counter'),
  },
  {
    name: 'with TESSERA_METRICS_TOKEN set, the metrics need it',
    method: 'get',
    path: PATHS.metrics,
    status: 401,
    run: (ctx) => {
      const { db, keyring, clock } = ctx.t;
      const publicUrl = PUBLIC_URL;
      const logger = createLogger('silent');
      const metricsToken = 'contract-metrics-token-0123';
      return supertest(createApp({ db, keyring, clock, publicUrl, logger, metricsToken }))
        .get('/metrics')
        .set('Authorization', 'Bearer not-the-token');
    },
  },
  {
    name: 'serves this contract, byte for byte',
    method: 'get',
    path: PATHS.openapi,
    status: 200,
    run: (ctx) => ctx.t.http.get('/openapi.yaml'),
    verify: (res) => expect(res.text).toBe(fs.readFileSync(OPENAPI_FILE, 'utf8')),
  },
];
