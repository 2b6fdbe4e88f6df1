import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { httpScim } from '../support/http-scim.js';
import { pgDump, pgRestore } from '../support/pg-backup.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres-database.js';
import { lastJsonLine, runCli, type ServerProcess } from '../support/processes.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import {
  fleetEnv,
  openFleetDatabase,
  seedOrganization,
  startFleet,
  stopServer,
  type FleetOrg,
} from '../support/tessera-fleet.js';

/**
 * The backup and restore drill of the README: populate a database through the product, dump it
 * with `pg_dump -Fc`, restore it into a fresh database with `pg_restore`, start Tessera on the
 * copy (with the same TESSERA_ENCRYPTION_KEYS) and find everything, the audit chain verifying.
 */
jest.setTimeout(120_000);

const USERS = 40;
let source: PostgresDatabase;
let target: PostgresDatabase;
let db: DataSource;
let org: FleetOrg;
let server: ServerProcess | undefined;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'tessera-backup-'));
  source = await createPostgresDatabase('tessera_backup');
  target = await createPostgresDatabase('tessera_restored');
  db = await openFleetDatabase(source.url);
  org = await seedOrganization(db, 'drill', 'root@drill.test');
  await seedOrganization(db, 'other-org');
  [server] = await startFleet(source.url, 1);
  await provision(server!);
  await stopServer(server);
}, 90_000);

afterAll(async () => {
  await stopServer(server);
  await db?.destroy();
  await source?.drop();
  await target?.drop();
  await rm(folder, { recursive: true, force: true });
}, 30_000);

/** Users (a fifth deactivated, a tenth deleted) and a group, as an IdP would push them. */
async function provision(on: ServerProcess): Promise<void> {
  const scim = httpScim(on.baseUrl, org.token);
  const ids: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const res = await scim.request('POST', '/Users', userBody(`person-${i}@drill.test`));
    expect(res.status).toBe(201);
    ids.push(String(res.body.id));
  }
  const group = await scim.request('POST', '/Groups', {
    displayName: 'Everyone',
    members: ids.slice(0, 10).map((value) => ({ value })),
  });
  expect(group.status).toBe(201);
  for (const [i, id] of ids.entries()) {
    const off = patchBody({ op: 'replace', path: 'active', value: false });
    if (i % 5 === 0) expect((await scim.request('PATCH', `/Users/${id}`, off)).status).toBe(200);
    if (i % 10 === 1) expect((await scim.request('DELETE', `/Users/${id}`)).status).toBe(204);
  }
}

/** The rows the drill must find again, in a comparable form. */
async function snapshot(on: DataSource) {
  const q = (sql: string) => on.query(sql) as Promise<Record<string, unknown>[]>;
  return {
    organizations: await q('SELECT id, slug FROM organizations ORDER BY id'),
    members: await q('SELECT id, user_name, status, deleted_at FROM members ORDER BY id'),
    connections: await q('SELECT id, org_id, name FROM scim_connections ORDER BY id'),
    teams: await q('SELECT id, display_name FROM teams ORDER BY id'),
    audit: await q('SELECT org_id, seq::text, action, hash FROM audit_events ORDER BY org_id, seq'),
  };
}

describe('backup and restore drill (pg_dump -Fc, pg_restore into a fresh database)', () => {
  it('restores every member, connection and audit event; Tessera runs on the copy', async () => {
    const before = await snapshot(db);
    const file = path.join(folder, 'tessera.dump');
    const dumpStarted = Date.now();
    await pgDump(source.url, file);
    const dumpMs = Date.now() - dumpStarted;
    const restoreStarted = Date.now();
    await pgRestore(file, target.url);
    const restoreMs = Date.now() - restoreStarted;

    const restored = await openFleetDatabase(target.url);
    try {
      expect(await snapshot(restored)).toEqual(before);
    } finally {
      await restored.destroy();
    }

    [server] = await startFleet(target.url, 1);
    expect((await fetch(`${server!.baseUrl}/readyz`)).status).toBe(200);
    const list = await httpScim(server!.baseUrl, org.token).request('GET', '/Users?count=200');
    const live = before.members.filter((m) => m.deleted_at === null);
    // The break-glass owner is a member too; SCIM lists every member that is not deleted.
    expect(list.body.totalResults).toBe(live.filter((m) => isDrillMember(m)).length);

    const verify = await runCli(
      ['audit', 'verify', '--org', 'drill', '--json'],
      fleetEnv(target.url),
    );
    expect(verify.code).toBe(0);
    const report = lastJsonLine(verify.stdout);
    const drillEvents = before.audit.filter((a) => a.org_id === org.id).length;
    expect(report).toEqual({ ok: true, events: drillEvents });
    process.stdout.write(
      `backup drill: ${before.members.length} members, ${before.connections.length} SCIM ` +
        `connections, ${before.audit.length} audit events; dump ${statSync(file).size} bytes ` +
        `in ${dumpMs} ms, restore in ${restoreMs} ms; audit verify: ${JSON.stringify(report)}\n`,
    );
  });
});

function isDrillMember(m: Record<string, unknown>): boolean {
  return String(m.user_name).endsWith('@drill.test');
}
