import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  lastJsonLine,
  runCli,
  startServer,
  testPort,
  type ServerProcess,
} from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** With Postgres, the server and the operator CLI run at the same time on one database. */
let database: TestDatabase;
let server: ServerProcess;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url!,
    TESSERA_ENCRYPTION_KEYS: `ci1:${Buffer.alloc(32, 7).toString('base64')}`,
    LOG_LEVEL: 'warn',
  };
  server = await startServer(env, testPort());
});
afterAll(async () => {
  await server?.stop();
  await database.drop();
});

describe('operator CLI beside a running server on Postgres', () => {
  it('creates an organization and a SCIM connection the running server accepts', async () => {
    const org = await runCli(['org', 'create', '--name', 'Pg', '--slug', 'pg', '--json'], env);
    expect(org.code).toBe(0);
    const scim = await runCli(['scim', 'create', '--org', 'pg', '--json'], env);
    expect(scim.code).toBe(0);
    const { token } = lastJsonLine(scim.stdout) as { token: string };

    const res = await fetch(`${server.baseUrl}/scim/v2/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'pg-user@example.com' }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses to start without TESSERA_ENCRYPTION_KEYS, naming it', async () => {
    const res = await runCli(['org', 'create', '--name', 'N', '--slug', 'n'], {
      DATABASE_URL: database.url!,
      TESSERA_ENCRYPTION_KEYS: '',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/TESSERA_ENCRYPTION_KEYS/);
  });
});
