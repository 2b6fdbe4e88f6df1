import { Writable } from 'node:stream';

import type { Express } from 'express';
import supertest from 'supertest';
import type { DataSource } from 'typeorm';

import { createApp } from '../../src/app.js';
import { createLogger, type Logger } from '../../src/ops/logger.js';
import type { OutboundPolicy } from '../../src/ops/outbound-http.js';
import { createOrganization } from '../../src/orgs/create-organization.js';
import { createScimConnection } from '../../src/scim/connections/create-scim-connection.js';
import { Keyring } from '../../src/secrets/keyring.js';
import { FakeClock } from './fake-clock.js';
import { openTestLog, recordTestSecret, secretPartOf } from './secret-ledger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const PUBLIC_URL = 'https://tessera.test';
export const SCIM_BASE = `${PUBLIC_URL}/scim/v2`;
export const SCIM_JSON = 'application/scim+json';

/** A running Tessera app on a fresh database, driven over HTTP with supertest. */
export interface TestApp {
  app: Express;
  db: DataSource;
  database: TestDatabase;
  clock: FakeClock;
  keyring: Keyring;
  logger: Logger;
  /** Every log line the app wrote, for tests that check what is (not) logged. */
  logLines: string[];
  http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

/**
 * The DNS TXT records tests publish (name → records). Apps built by `startTestApp` read TXT
 * records from here unless given a resolver, so no test ever queries real DNS.
 */
export const TEST_DNS = new Map<string, string[][]>();

async function resolveTestTxt(name: string): Promise<string[][]> {
  const records = TEST_DNS.get(name);
  if (records) return records;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

/** Optional parts of the app a test may set; everything else is the production default. */
export interface TestAppOptions {
  /** Rules for outbound requests; tests with loopback peers allow http and private addresses. */
  outboundPolicy?: OutboundPolicy;
  /** A DNS TXT resolver for domain verification; `TEST_DNS` by default. */
  resolveTxt?: (domain: string) => Promise<string[][]>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new FakeClock();
  const keyring = Keyring.generate('test1');
  const logLines: string[] = [];
  const appendToRunLog = openTestLog('app');
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      appendToRunLog(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  const app = createApp({
    db: database.db,
    logger,
    clock,
    keyring,
    publicUrl: PUBLIC_URL,
    ...(options.outboundPolicy && { outboundPolicy: options.outboundPolicy }),
    resolveTxt: options.resolveTxt ?? resolveTestTxt,
  });

  return {
    app,
    db: database.db,
    database,
    clock,
    keyring,
    logger,
    logLines,
    http: supertest(app),
    close: () => database.drop(),
  };
}

export interface TestOrg {
  id: string;
  slug: string;
  connectionId: string;
  token: string;
}

/** An organization with one SCIM connection, made the way the operator CLI makes them. */
export async function createOrgWithScim(t: TestApp, slug: string): Promise<TestOrg> {
  const actor = { type: 'operator' as const, id: 'test' };
  return t.db.transaction(async (manager) => {
    const org = await createOrganization(manager, { name: slug, slug, actor, at: t.clock.now() });
    const connection = await createScimConnection(manager, t.keyring, {
      orgId: org.id,
      name: 'Test IdP',
      actor,
      at: t.clock.now(),
    });
    recordTestSecret('SCIM token', secretPartOf(connection.token));
    return { id: org.id, slug, connectionId: connection.connectionId, token: connection.token };
  });
}

/** A SCIM client for one token: `scim.get('/Users')` etc. with auth and media type set. */
export function scimClient(t: TestApp, token: string) {
  const auth = (req: supertest.Test) =>
    req.set('Authorization', `Bearer ${token}`).set('Accept', SCIM_JSON);
  return {
    get: (path: string) => auth(t.http.get(`/scim/v2${path}`)),
    delete: (path: string) => auth(t.http.delete(`/scim/v2${path}`)),
    post: (path: string, body: unknown) =>
      auth(t.http.post(`/scim/v2${path}`))
        .set('Content-Type', SCIM_JSON)
        .send(JSON.stringify(body)),
    put: (path: string, body: unknown) =>
      auth(t.http.put(`/scim/v2${path}`))
        .set('Content-Type', SCIM_JSON)
        .send(JSON.stringify(body)),
    patch: (path: string, body: unknown) =>
      auth(t.http.patch(`/scim/v2${path}`))
        .set('Content-Type', SCIM_JSON)
        .send(JSON.stringify(body)),
  };
}

export type ScimClient = ReturnType<typeof scimClient>;
