import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import {
  armMember,
  deprovisionStateOf,
  hasOutbox,
  type ArmedMember,
} from '../support/deprovision-state.js';
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
 * DESIGN rule 3 under a crash: an IdP deprovisions a batch of members and the server is killed
 * (SIGKILL: no shutdown hook runs) while requests are in flight. After a restart every member
 * is either fully deprovisioned or untouched; every acknowledged one is fully deprovisioned.
 */
jest.setTimeout(120_000);

const MEMBERS = 60;
const KILL_AFTER_ACKNOWLEDGED = 20;
const CLIENTS = 8;

let database: PostgresDatabase;
let db: DataSource;
let org: FleetOrg;
let server: ServerProcess | undefined;
let members: ArmedMember[];

beforeAll(async () => {
  database = await createPostgresDatabase('tessera_kill');
  db = await openFleetDatabase(database.url);
  org = await seedOrganization(db, 'kill', 'root@kill.test');
  [server] = await startFleet(database.url, 1);
  const scim = httpScim(server!.baseUrl, org.token);
  members = [];
  for (let i = 0; i < MEMBERS; i++) {
    const userName = `leaver-${i}@kill.test`;
    const created = await scim.request('POST', '/Users', userBody(userName));
    expect(created.status).toBe(201);
    members.push(await armMember(db, org.id, { id: String(created.body.id), userName }));
  }
}, 90_000);

afterAll(async () => {
  await stopServer(server);
  await db?.destroy();
  await database?.drop();
}, 30_000);

/** PATCH active=false for even members, DELETE for odd ones, from CLIENTS loops. */
async function burstAndKill(scim: HttpScim, victim: ServerProcess): Promise<Set<string>> {
  const acknowledged = new Set<string>();
  let next = 0;
  const client = async () => {
    while (next < members.length) {
      const i = next++;
      const member = members[i]!;
      const res = await (
        i % 2
          ? scim.request('DELETE', `/Users/${member.id}`)
          : scim.request(
              'PATCH',
              `/Users/${member.id}`,
              patchBody({ op: 'replace', path: 'active', value: false }),
            )
      ).catch(() => undefined);
      if (res && (res.status === 200 || res.status === 204)) acknowledged.add(member.id);
      if (acknowledged.size === KILL_AFTER_ACKNOWLEDGED) victim.child.kill('SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  await victim.stop('SIGKILL');
  return acknowledged;
}

describe('a deprovisioning burst with the server killed midway (SIGKILL), then restarted', () => {
  it('leaves every member fully deprovisioned or untouched, never in between', async () => {
    const acknowledged = await burstAndKill(httpScim(server!.baseUrl, org.token), server!);
    expect(server!.child.signalCode).toBe('SIGKILL');
    [server] = await startFleet(database.url, 1);

    const withOutbox = await hasOutbox(db);
    const states = await Promise.all(
      members.map(async (m) => ({ m, ...(await deprovisionStateOf(db, org.id, m, withOutbox)) })),
    );
    const inBetween = states.filter((s) => s.state === 'in between');
    expect(inBetween.map((s) => ({ id: s.m.id, ...s.facts }))).toEqual([]);
    const done = states.filter((s) => s.state === 'deprovisioned').map((s) => s.m.id);
    expect([...acknowledged].filter((id) => !done.includes(id))).toEqual([]);
    // The kill came midway: some were done, some never started.
    expect(done.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED);
    expect(states.some((s) => s.state === 'untouched')).toBe(true);

    // What members rely on, over HTTP on the restarted server: the credentials of a
    // deprovisioned member are dead, an untouched member's still work.
    for (const s of states) {
      const expected = s.state === 'deprovisioned' ? 401 : 200;
      expect(await sessionStatus({ Cookie: s.m.cookie })).toBe(expected);
      expect(await sessionStatus({ Authorization: `Bearer ${s.m.apiKey}` })).toBe(expected);
    }
    expect((await verifyAuditChain(db, org.id)).ok).toBe(true);
  });

  it('the restarted server deprovisions the rest, and the chain verifies', async () => {
    const scim = httpScim(server!.baseUrl, org.token);
    for (const m of members) {
      const res = await scim.request(
        'PATCH',
        `/Users/${m.id}`,
        patchBody({ op: 'replace', path: 'active', value: false }),
      );
      // A DELETEd member is gone from SCIM (404); everyone else answers 200.
      expect([200, 404]).toContain(res.status);
    }
    const withOutbox = await hasOutbox(db);
    for (const m of members) {
      expect((await deprovisionStateOf(db, org.id, m, withOutbox)).state).toBe('deprovisioned');
    }
    expect((await verifyAuditChain(db, org.id)).ok).toBe(true);
  });
});

async function sessionStatus(headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${server!.baseUrl}/auth/session`, {
    headers,
    signal: AbortSignal.timeout(10_000),
  });
  return res.status;
}
