import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { lockDataDir } from '../../src/db/data-dir-lock.js';
import { openDatabase } from '../../src/db/data-source.js';
import { newWebhookSecret, openWebhookSecret } from '../../src/events/webhook-secret.js';
import { decryptSecret, encryptSecret } from '../../src/secrets/encryption.js';
import { ENCRYPTED_COLUMNS } from '../../src/secrets/encrypted-columns.js';
import { Keyring } from '../../src/secrets/keyring.js';
import { openOidcSecrets, sealOidcSecrets } from '../../src/sso/flow/flow-secrets.js';
import { spKeyContext, spSigningKeyOf } from '../../src/sso/saml/sp-signing-key.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { lastJsonLine, runCli, startServer, testPort } from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * `npm run tessera -- keys rotate` as an operator runs it: rows written under key A, the CLI run
 * with "B,A", every secret ends up under B and still opens; then B alone serves them.
 */
const KEY_A = `a:${randomBytes(32).toString('base64')}`;
const KEY_B = `b:${randomBytes(32).toString('base64')}`;
const RING_A = Keyring.parse(KEY_A);
const RING_B = Keyring.parse(KEY_B);
const CLI_TIMEOUT_MS = 120_000;

let postgres: TestDatabase | undefined;
let dataDir: string | undefined;
let baseEnv: Record<string, string>;

const cli = (keys: string, ...args: string[]) =>
  runCli([...args, '--json'], { ...baseEnv, TESSERA_ENCRYPTION_KEYS: keys });

/** SQL on the CLI's database between CLI runs (the embedded one allows one process at a time). */
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

interface Seeded {
  orgId: string;
  connectionId: string;
  flowId: string;
  endpointId: string;
  webhookSecret: string;
}

/** An SSO connection, a sign-in flow and a webhook endpoint, each with secrets under key A. */
async function seedSecrets(db: DataSource, orgId: string): Promise<Seeded> {
  const connectionId = randomUUID();
  const clientSecret = encryptSecret(
    RING_A,
    `client-secret-${orgId}`,
    ENCRYPTED_COLUMNS.find((c) => c.column === 'encrypted_secret')!.context(connectionId),
  );
  const spKey = encryptSecret(RING_A, `PEM of ${connectionId}`, spKeyContext(connectionId));
  await db.query(
    `INSERT INTO sso_connections (id, org_id, protocol, name, encrypted_secret,
       sp_private_key_encrypted, sp_certificate)
     VALUES ($1, $2, 'oidc', 'IdP', $3, $4, 'CERT')`,
    [connectionId, orgId, clientSecret, spKey],
  );
  const flowId = randomUUID();
  await db.query(
    `INSERT INTO sso_flows (id, org_id, connection_id, connection_revision, purpose,
       browser_hash, secrets_encrypted, created_at, expires_at)
     VALUES ($1, $2, $3, 1, 'sign_in', 'browser', $4, now(), now() + interval '10 minutes')`,
    [
      flowId,
      orgId,
      connectionId,
      sealOidcSecrets(RING_A, flowId, { nonce: `n-${flowId}`, codeVerifier: `v-${flowId}` }),
    ],
  );
  const endpointId = randomUUID();
  const webhook = newWebhookSecret(RING_A, endpointId);
  await db.query(
    `INSERT INTO webhook_endpoints (id, org_id, url, secret_encrypted, created_at, updated_at)
     VALUES ($1, $2, 'https://app.example/hook', $3, now(), now())`,
    [endpointId, orgId, webhook.encrypted],
  );
  return { orgId, connectionId, flowId, endpointId, webhookSecret: webhook.secret };
}

/** The key id each stored secret names, across every encrypted column. */
async function keyIdsInUse(db: DataSource): Promise<string[]> {
  const ids: string[] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = await db.query(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} <> ''`);
    ids.push(...rows.map((r: { v: string }) => r.v.split('.')[1]!));
  }
  return ids;
}

interface Owner {
  email: string;
  password: string;
  totpSecret: string;
}
const owners: Owner[] = [];
const seeded: Seeded[] = [];

beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    baseEnv = { DATABASE_URL: postgres.url!, PUBLIC_URL: 'https://id.keys.test' };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-keys-'));
    baseEnv = { TESSERA_DATA_DIR: dataDir, PUBLIC_URL: 'https://id.keys.test' };
  }
  for (const slug of ['north', 'south']) {
    const args = ['--name', slug, '--slug', slug, '--owner-email', `root@${slug}.test`];
    const res = await cli(KEY_A, 'org', 'create', ...args);
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout) as { id: string; owner: Owner };
    owners.push(out.owner);
    seeded.push(await withDatabase((db) => seedSecrets(db, out.id)));
  }
}, CLI_TIMEOUT_MS);

afterAll(async () => {
  await postgres?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('keys status and keys rotate', () => {
  it('status names what each key protects: all 10 secrets under A', async () => {
    const res = await cli(`${KEY_B},${KEY_A}`, 'keys', 'status');
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout);
    expect(out).toMatchObject({ currentKeyId: 'b', stale: 10, unknownKeyIds: [] });
    expect(out.columns).toContainEqual({
      column: 'break_glass_credentials.totp_secret_encrypted',
      byKey: { a: 2 },
    });
  });

  it('a secret that does not open is reported and left as it is; the command fails', async () => {
    // A flow whose sealed secrets were copied from another flow: its context does not match.
    const [north] = seeded;
    const copied = await withDatabase(async (db) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO sso_flows (id, org_id, connection_id, connection_revision, purpose,
           browser_hash, secrets_encrypted, created_at, expires_at)
         SELECT $1, org_id, connection_id, 1, 'sign_in', 'b2', secrets_encrypted, now(), now()
           FROM sso_flows WHERE id = $2`,
        [id, north!.flowId],
      );
      return id;
    });
    const res = await cli(`${KEY_B},${KEY_A}`, 'keys', 'rotate', '--batch-size', '2');
    expect(res.code).toBe(1);
    expect(lastJsonLine(res.stdout)).toMatchObject({ keyId: 'b', rotated: 10, unreadable: 1 });
    await withDatabase(async (db) => {
      const [row] = await db.query('SELECT secrets_encrypted FROM sso_flows WHERE id = $1', [
        copied,
      ]);
      expect(row.secrets_encrypted).toMatch(/^v1\.a\./);
      await db.query('DELETE FROM sso_flows WHERE id = $1', [copied]);
    });
  });

  it('moves every secret to B, audited per organization; a rerun changes nothing', async () => {
    await withDatabase(async (db) => {
      expect(await keyIdsInUse(db)).toEqual(Array(10).fill('b'));
      const events = await db.query(
        `SELECT org_id, payload FROM audit_events WHERE action = $1 ORDER BY org_id, seq`,
        ['organization.encryption.keys_rotated'],
      );
      const rotated = events.map((e: { payload: { rotated: number } }) => e.payload.rotated);
      // Five secrets per organization in batches of two: 2 + 2 + 1 each.
      expect(rotated.reduce((a: number, b: number) => a + b, 0)).toBe(10);
      expect(new Set(events.map((e: { org_id: string }) => e.org_id)).size).toBe(2);
      for (const e of events) expect(e.payload).toMatchObject({ keyId: 'b' });
    });

    const again = await cli(`${KEY_B},${KEY_A}`, 'keys', 'rotate');
    expect(again.code).toBe(0);
    expect(lastJsonLine(again.stdout)).toMatchObject({ rotated: 0, unreadable: 0 });
    for (const slug of ['north', 'south']) {
      const verify = await cli(KEY_B, 'audit', 'verify', '--org', slug);
      expect(lastJsonLine(verify.stdout)).toMatchObject({ ok: true });
    }
  });

  it('with B alone, every secret still opens where it is read', async () => {
    const status = await cli(KEY_B, 'keys', 'status');
    expect(lastJsonLine(status.stdout)).toMatchObject({ stale: 0, unknownKeyIds: [] });

    await withDatabase(async (db) => {
      for (const s of seeded) {
        const [c] = await db.query('SELECT * FROM sso_connections WHERE id = $1', [s.connectionId]);
        const record = {
          id: c.id,
          spPrivateKeyEncrypted: c.sp_private_key_encrypted,
          spCertificate: c.sp_certificate,
        } as SsoConnectionRecord;
        expect(spSigningKeyOf(RING_B, record)?.privateKeyPem).toBe(`PEM of ${s.connectionId}`);
        const clientContext = ENCRYPTED_COLUMNS.find((x) => x.column === 'encrypted_secret')!;
        expect(decryptSecret(RING_B, c.encrypted_secret, clientContext.context(c.id))).toBe(
          `client-secret-${s.orgId}`,
        );
        const [flow] = await db.query('SELECT secrets_encrypted FROM sso_flows WHERE id = $1', [
          s.flowId,
        ]);
        expect(openOidcSecrets(RING_B, s.flowId, flow.secrets_encrypted)).toEqual({
          nonce: `n-${s.flowId}`,
          codeVerifier: `v-${s.flowId}`,
        });
        const [hook] = await db.query(
          'SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1',
          [s.endpointId],
        );
        expect(openWebhookSecret(RING_B, s.endpointId, hook.secret_encrypted)).toBe(
          s.webhookSecret,
        );
      }
    });

    // The break-glass TOTP secret is read by the server at sign-in.
    const server = await startServer({ ...baseEnv, TESSERA_ENCRYPTION_KEYS: KEY_B }, testPort());
    try {
      const owner = owners[0]!;
      const res = await fetch(`${server.baseUrl}/auth/break-glass`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          organization: 'north',
          email: owner.email,
          password: owner.password,
          code: generateTotp(decodeBase32(owner.totpSecret), new Date()),
        }),
      });
      expect(res.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
