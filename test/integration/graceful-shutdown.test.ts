import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lastJsonLine, runCli, startServer, testPort } from '../support/processes.js';
import { userBody } from '../support/scim-bodies.js';

/**
 * SIGTERM, as an orchestrator sends it before a restart: the server stops accepting, lets the
 * request in flight finish, closes the database and exits 0. Nothing an IdP was told succeeded
 * is lost, and nothing is cut off mid-answer.
 */
let dataDir: string;
const env = () => ({ TESSERA_DATA_DIR: dataDir, PUBLIC_URL: 'https://id.shutdown.test' });
let token: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-shutdown-'));
  const org = await runCli(['org', 'create', '--name', 'S', '--slug', 's', '--json'], env());
  expect(org.code).toBe(0);
  const scim = await runCli(['scim', 'create', '--org', 's', '--json'], env());
  token = lastJsonLine(scim.stdout).token as string;
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A SCIM create whose body arrives in two parts, so it is in flight until `finish` is called. */
function slowCreate(baseUrl: string) {
  const body = JSON.stringify(userBody('slow@shutdown.test'));
  const req = http.request(`${baseUrl}/scim/v2/Users`, {
    method: 'POST',
    agent: false,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/scim+json',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { answered, finish: () => req.end(body.slice(half)) };
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the request in flight, refuses new connections, exits 0', async () => {
    const server = await startServer(env(), testPort());
    const inFlight = slowCreate(server.baseUrl);
    await new Promise((r) => setTimeout(r, 500));

    const exited = server.stop('SIGTERM');
    await expect(waitForRefusal(server.baseUrl)).resolves.toBe(true);

    inFlight.finish();
    const answer = await inFlight.answered;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).userName).toBe('slow@shutdown.test');
    expect(await exited).toBe(0);
    expect(server.output()).toMatch(/"msg":"shutting down"/);
    expect(server.output()).toMatch(/"msg":"stopped"/);
  });
});

/** True once a new connection is refused (the listener is closed), within five seconds. */
async function waitForRefusal(baseUrl: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const refused = await fetch(`${baseUrl}/healthz`).then(
      () => false,
      () => true,
    );
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
