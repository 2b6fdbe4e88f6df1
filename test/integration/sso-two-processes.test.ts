import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';

import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres-database.js';
import type { ServerProcess } from '../support/processes.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import {
  FLEET_KEYRING,
  openFleetDatabase,
  seedOrganization,
  startFleet,
  stopServer,
  type FleetOrg,
} from '../support/tessera-fleet.js';
import type { TestApp } from '../support/test-app.js';

/**
 * DESIGN "State and scale": all flow state is in the database, so a login started on one
 * instance finishes on another. Two real Tessera processes share one Postgres and one public
 * URL (as behind a load balancer); SAML needs no back-channel from the child processes.
 */
const PUBLIC_URL = 'https://tessera.fleet.test';

let database: PostgresDatabase;
let db: DataSource;
let servers: ServerProcess[];
let org: FleetOrg;
let idp: SamlTestIdp;
let connection: SsoConnectionRecord;

/** A browser over fetch: one cookie jar for all instances, as behind one host name. */
class FleetBrowser {
  readonly cookies = new Map<string, string>();

  async send(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  postForm(url: string, form: Record<string, string>) {
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
}

beforeAll(async () => {
  database = await createPostgresDatabase('tessera_sso_fleet');
  db = await openFleetDatabase(database.url);
  org = await seedOrganization(db, 'fleet-sso');
  idp = await startSamlTestIdp();
  // The domain functions only need these parts of a test app; the clock is real time because
  // the child processes judge the IdP's timestamps by their own clocks.
  const app = { db, keyring: FLEET_KEYRING, clock: { now: () => new Date() } } as TestApp;
  connection = await createTestSamlConnection(app, org.id, idp.connectionConfig());
  await createMember(app, org.id, 'roamer@fleet.test', 'owner');
  servers = await startFleet(database.url, 2, { PUBLIC_URL });
}, 120_000);

afterAll(async () => {
  await Promise.all((servers ?? []).map((server) => stopServer(server)));
  await db?.destroy();
  await database?.drop();
});

describe('a login that crosses two Tessera processes on one Postgres', () => {
  it('starts on one instance and finishes on the other; the session works on both', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const browser = new FleetBrowser();

    const start = await browser.send(`${first.baseUrl}/sso/start?org=${org.slug}`);
    expect(start.status).toBe(302);
    const form = idp.respondTo(start.headers.get('location')!, { nameId: 'roamer@fleet.test' });
    const acs = await browser.postForm(`${second.baseUrl}/sso/saml/${connection.id}/acs`, {
      ...form,
    });
    expect(acs.status).toBe(303);
    expect(browser.cookies.has('tessera_session')).toBe(true);

    const session = await browser.send(`${first.baseUrl}/auth/session`);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ method: 'sso_saml', role: { name: 'owner' } });
    const put = await browser.send(`${second.baseUrl}/api/v1/orgs/${org.id}/settings/general`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-tessera-csrf': '1' },
      body: JSON.stringify({
        displayName: 'Fleet',
        allowedEmailDomains: [],
        allowedReturnOrigins: [],
      }),
    });
    expect(put.status).toBe(200);

    // The flow was consumed in the database: the same response on the first instance fails.
    const replay = await browser.postForm(`${first.baseUrl}/sso/saml/${connection.id}/acs`, {
      ...form,
    });
    expect(replay.status).toBe(400);
  });
});
