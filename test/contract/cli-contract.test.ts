import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { lockDataDir } from '../../src/db/data-dir-lock.js';
import { openDatabase } from '../../src/db/data-source.js';
import { OpenApiContract } from '../support/openapi-validator.js';
import { lastJsonLine, runCli, type Finished } from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The operator CLI's `--json` output is documented in `openapi.yaml` as the `Cli*` component
 * schemas. These run the real CLI in its own process, as an operator would, and check the last
 * line of stdout against them: on the embedded database, or on Postgres with TEST_DATABASE_URL.
 */
const contract = new OpenApiContract();
const PUBLIC_URL = 'https://id.contract.test';
const CLI_TIMEOUT_MS = 120_000;

let env: Record<string, string>;
let postgres: TestDatabase | undefined;
let dataDir: string | undefined;
let created: { org: Finished; tamperedOrg: Finished; connection: Finished };

/** Runs SQL on the CLI's database between CLI runs (the embedded one allows one process). */
async function withDatabase<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
  if (postgres) return work(postgres.db);
  const unlock = lockDataDir(dataDir!);
  const db = await openDatabase({ kind: 'pglite', dataDir: dataDir! });
  try {
    return await work(db);
  } finally {
    await db.destroy();
    unlock();
  }
}

async function cli(...args: string[]): Promise<Finished> {
  return runCli([...args, '--json'], env);
}

beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    const key = `cli1:${randomBytes(32).toString('base64')}`;
    env = { DATABASE_URL: postgres.url!, TESSERA_ENCRYPTION_KEYS: key, PUBLIC_URL };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cli-contract-'));
    env = { TESSERA_DATA_DIR: dataDir, PUBLIC_URL };
  }
  const named = ['--name', 'Contract Co', '--slug', 'contract-cli'];
  const org = await cli('org', 'create', ...named, '--owner-email', 'root@contract.test');
  const tamperedOrg = await cli('org', 'create', '--name', 'Tampered', '--slug', 'tampered');
  const connection = await cli('scim', 'create', '--org', 'contract-cli');
  created = { org, tamperedOrg, connection };
}, CLI_TIMEOUT_MS);

afterAll(async () => {
  await postgres?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('operator CLI --json output matches openapi.yaml', () => {
  it('org create prints a CliOrganization', () => {
    expect(created.org.code).toBe(0);
    const out = lastJsonLine(created.org.stdout);
    contract.expectMatchesSchema('CliOrganization', out);
    expect(out).toMatchObject({ name: 'Contract Co', slug: 'contract-cli' });
    expect(out.owner).toMatchObject({ email: 'root@contract.test' });
  });

  it('org create without --owner-email prints a CliOrganization without owner', () => {
    expect(created.tamperedOrg.code).toBe(0);
    const out = lastJsonLine(created.tamperedOrg.stdout);
    contract.expectMatchesSchema('CliOrganization', out);
    expect(out.owner).toBeUndefined();
  });

  it(
    'break-glass reset prints a CliBreakGlassCredential',
    async () => {
      const args = ['--org', 'contract-cli', '--email', 'root@contract.test'];
      const res = await cli('break-glass', 'reset', ...args);
      expect(res.code).toBe(0);
      const out = lastJsonLine(res.stdout);
      contract.expectMatchesSchema('CliBreakGlassCredential', out);
      const first = lastJsonLine(created.org.stdout).owner as Record<string, unknown>;
      expect(out.memberId).toBe(first.memberId);
      expect(out.password).not.toBe(first.password);
    },
    CLI_TIMEOUT_MS,
  );

  it('scim create prints a CliScimConnection', () => {
    expect(created.connection.code).toBe(0);
    const out = lastJsonLine(created.connection.stdout);
    contract.expectMatchesSchema('CliScimConnection', out);
    expect(out.baseUrl).toBe(`${PUBLIC_URL}/scim/v2`);
  });

  it(
    'scim rotate prints a CliScimRotation',
    async () => {
      const { connectionId } = lastJsonLine(created.connection.stdout);
      const args = ['--connection', String(connectionId), '--overlap-minutes', '5'];
      const res = await cli('scim', 'rotate', '--org', 'contract-cli', ...args);
      expect(res.code).toBe(0);
      contract.expectMatchesSchema('CliScimRotation', lastJsonLine(res.stdout));
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'audit verify prints a CliAuditVerify for an intact trail',
    async () => {
      const res = await cli('audit', 'verify', '--org', 'contract-cli');
      expect(res.code).toBe(0);
      const out = lastJsonLine(res.stdout);
      contract.expectMatchesSchema('CliAuditVerify', out);
      expect(out.ok).toBe(true);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'audit verify prints a CliAuditVerify with brokenAt and reason for a tampered trail',
    async () => {
      expect(created.tamperedOrg.code).toBe(0);
      await withDatabase(async (db) => {
        // The trail is append-only at the database; only a superuser can do this.
        await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await db.query(
          `UPDATE audit_events SET action = 'organization.tampered'
            WHERE org_id = (SELECT id FROM organizations WHERE slug = 'tampered') AND seq = 1`,
        );
        await db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      });
      const res = await cli('audit', 'verify', '--org', 'tampered');
      expect(res.code).toBe(1);
      const out = lastJsonLine(res.stdout);
      contract.expectMatchesSchema('CliAuditVerify', out);
      expect(out).toEqual({ ok: false, events: 0, brokenAt: '1', reason: 'hash mismatch' });
    },
    CLI_TIMEOUT_MS,
  );
});
