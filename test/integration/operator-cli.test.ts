import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lastJsonLine, runCli, startServer, testPort } from '../support/processes.js';

/** The CLI and the server as an operator runs them: separate processes on one data folder. */
let dataDir: string;
const env = () => ({ TESSERA_DATA_DIR: dataDir, PUBLIC_URL: 'https://id.acme.test' });

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('operator CLI on the embedded database', () => {
  let connectionId: string;
  let firstToken: string;

  it('org create --json prints the organization as the last line', async () => {
    const res = await runCli(
      ['org', 'create', '--name', 'Acme', '--slug', 'acme', '--json'],
      env(),
    );
    expect(res.code).toBe(0);
    expect(lastJsonLine(res.stdout)).toEqual({
      id: expect.any(String),
      name: 'Acme',
      slug: 'acme',
    });
    expect(res.stderr).toMatch(/development encryption key/);
  });

  it('scim create --json prints connectionId, baseUrl from PUBLIC_URL, token once', async () => {
    const res = await runCli(
      ['scim', 'create', '--org', 'acme', '--name', 'Okta', '--json'],
      env(),
    );
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout);
    expect(out).toEqual({
      connectionId: expect.any(String),
      baseUrl: 'https://id.acme.test/scim/v2',
      token: expect.stringMatching(/^tss_[0-9a-f-]{36}_[0-9a-f]{64}$/),
    });
    connectionId = out.connectionId as string;
    firstToken = out.token as string;
  });

  it('scim rotate --json prints a new token and when the old one stops', async () => {
    const res = await runCli(
      ['scim', 'rotate', '--org', 'acme', '--connection', connectionId, '--json'],
      env(),
    );
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout);
    expect(out.token).not.toBe(firstToken);
    const window = new Date(out.previousTokensExpireAt as string).getTime() - Date.now();
    expect(window).toBeGreaterThan(59 * 60_000);
    expect(window).toBeLessThanOrEqual(60 * 60_000);
  });

  it('explains mistakes without a stack trace', async () => {
    const taken = await runCli(['org', 'create', '--name', 'Again', '--slug', 'acme'], env());
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/slug "acme" is taken/);
    const missing = await runCli(['scim', 'create', '--org', 'nope'], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no organization with slug "nope"/);
    for (const r of [taken, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('audit verify checks the chain', async () => {
    const res = await runCli(['audit', 'verify', '--org', 'acme', '--json'], env());
    expect(res.code).toBe(0);
    expect(lastJsonLine(res.stdout)).toEqual({ ok: true, events: 3 });
  });

  it('the server serves the tokens; while it runs, the CLI refuses the folder', async () => {
    const server = await startServer(env(), testPort());
    try {
      const scim = await fetch(`${server.baseUrl}/scim/v2/Users`, {
        headers: { Authorization: `Bearer ${firstToken}` },
      });
      expect(scim.status).toBe(200);

      const res = await runCli(['org', 'create', '--name', 'B', '--slug', 'b'], env());
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/in use by process \d+/);
      expect(res.stderr).toMatch(/stop the server first/);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(server.output()).not.toContain(firstToken);
    expect(server.output()).not.toMatch(/No organization exists yet/);
  });
});

describe('first start on an empty embedded database', () => {
  it('prints how to create an organization, and no secret', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-empty-'));
    try {
      const server = await startServer({ TESSERA_DATA_DIR: empty }, testPort());
      const ready = await fetch(`${server.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await server.stop()).toBe(0);
      const out = server.output();
      expect(out).toMatch(/No organization exists yet/);
      expect(out).toMatch(/npm run tessera -- org create/);
      expect(out).not.toMatch(/tss_[0-9a-f-]{36}_/);
      const key = fs
        .readFileSync(path.join(empty, 'encryption-keys'), 'utf8')
        .split(':')[1]!
        .trim();
      expect(out).not.toContain(key);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a bad PORT with a message naming the variable', async () => {
    const res = await runCli(['org', 'create', '--name', 'x', '--slug', 'x'], {
      TESSERA_DATA_DIR: dataDir,
      PORT: 'eighty',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/PORT/);
  });
});
