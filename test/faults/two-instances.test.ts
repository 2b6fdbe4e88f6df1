import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { httpScim, type HttpScim } from '../support/http-scim.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres-database.js';
import type { ServerProcess } from '../support/processes.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import {
  openFleetDatabase,
  seedOrganization,
  startFleet,
  stopServer,
  type FleetOrg,
} from '../support/tessera-fleet.js';

/**
 * DESIGN "State and scale": every instance behind a load balancer without sticky routing sees
 * the same members, sessions and sign-in counters, because all of them live in Postgres. Two
 * real server processes share one database; each request goes to whichever the test picks.
 */
jest.setTimeout(90_000);

let database: PostgresDatabase;
let db: DataSource;
let org: FleetOrg;
let a: ServerProcess;
let b: ServerProcess;
let scimA: HttpScim;
let scimB: HttpScim;

beforeAll(async () => {
  database = await createPostgresDatabase('tessera_fleet');
  db = await openFleetDatabase(database.url);
  org = await seedOrganization(db, 'fleet', 'root@fleet.test');
  [a, b] = (await startFleet(database.url, 2)) as [ServerProcess, ServerProcess];
  scimA = httpScim(a.baseUrl, org.token);
  scimB = httpScim(b.baseUrl, org.token);
}, 60_000);

afterAll(async () => {
  await Promise.all([stopServer(a), stopServer(b)]);
  await db?.destroy();
  await database?.drop();
}, 30_000);

describe('two instances on one Postgres, no sticky routing', () => {
  it('SCIM: create on A, PATCH on B, GET on A sees it, DELETE on B, A answers 404', async () => {
    const created = await scimA.request('POST', '/Users', userBody('ann@fleet.test'));
    expect(created.status).toBe(201);
    const path = `/Users/${created.body.id}`;

    const patched = await scimB.request(
      'PATCH',
      path,
      patchBody({ op: 'replace', path: 'displayName', value: 'Ann from B' }),
    );
    expect(patched.status).toBe(200);
    const read = await scimA.request('GET', path);
    expect(read.status).toBe(200);
    expect(read.body.displayName).toBe('Ann from B');

    expect((await scimB.request('DELETE', path)).status).toBe(204);
    expect((await scimA.request('GET', path)).status).toBe(404);
  });

  it('20 creates of one userName, half on each: one 201, 19 × 409, one row', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? scimA : scimB).request('POST', '/Users', userBody('dup@fleet.test')),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    expect(answers.find((r) => r.status === 409)!.body.scimType).toBe('uniqueness');
    const [{ n }] = await db.query(
      "SELECT count(*)::int AS n FROM members WHERE lower(user_name) = 'dup@fleet.test'",
    );
    expect(n).toBe(1);
  });

  it('a break-glass session opened on A works on B, and a logout on B ends it on A', async () => {
    const owner = org.owner!;
    const signIn = await breakGlass(a, { password: owner.password }, '198.18.0.1');
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('tessera_session='));
    const headers = { Cookie: cookie!.split(';')[0]!, 'X-Tessera-CSRF': '1' };

    const onB = await fetch(`${b.baseUrl}/auth/session`, { headers });
    expect(onB.status).toBe(200);
    expect(((await onB.json()) as { member: { id: string } }).member.id).toBe(owner.memberId);

    const logout = await fetch(`${b.baseUrl}/auth/logout`, { method: 'POST', headers });
    expect(logout.status).toBe(204);
    expect((await fetch(`${a.baseUrl}/auth/session`, { headers })).status).toBe(401);
  });

  it('break-glass failures split across A and B count as one: the 6th attempt is 429', async () => {
    const ip = '198.18.0.2';
    for (const server of [a, b, a, b, a]) {
      expect((await breakGlass(server, { password: 'wrong guess' }, ip)).status).toBe(401);
    }
    // Right password, from the locked-out address, on the instance that saw only two failures.
    const locked = await breakGlass(b, { password: org.owner!.password }, ip);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await breakGlass(a, { password: org.owner!.password }, ip)).status).toBe(429);
  });
});

function breakGlass(server: ServerProcess, change: { password: string }, ip: string) {
  const owner = org.owner!;
  const code = generateTotp(decodeBase32(owner.totpSecret), new Date());
  return fetch(`${server.baseUrl}/auth/break-glass`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
    body: JSON.stringify({ organization: org.slug, email: owner.email, code, ...change }),
    signal: AbortSignal.timeout(10_000),
  });
}
