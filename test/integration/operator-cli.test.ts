import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { lastJsonLine, runCli, startServer, testPort } from '../support/processes.js';
import { userBody } from '../support/scim-bodies.js';

/** The CLI and the server as an operator runs them: separate processes on one data folder. */
let dataDir: string;
const env = () => ({ TESSERA_DATA_DIR: dataDir, PUBLIC_URL: 'https://id.acme.test' });
const OWNER = 'root@acme.test';
const HEIR = 'heir@acme.test';

interface Credential {
  memberId: string;
  email: string;
  password: string;
  totpSecret: string;
}
let owner: Credential;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

let firstToken: string;

describe('operator CLI on the embedded database', () => {
  let connectionId: string;

  it('org create --json prints the organization and its break-glass owner, once', async () => {
    const args = ['--name', 'Acme', '--slug', 'acme', '--owner-email', OWNER, '--json'];
    const res = await runCli(['org', 'create', ...args], env());
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout);
    expect(out).toEqual({
      id: expect.any(String),
      name: 'Acme',
      slug: 'acme',
      owner: {
        memberId: expect.any(String),
        email: OWNER,
        password: expect.stringMatching(/^[a-z2-7]{5}(-[a-z2-7]{5}){5}$/),
        totpSecret: expect.stringMatching(/^[A-Z2-7]{32}$/),
        otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Tessera%20acme:/),
      },
    });
    expect(res.stderr).toMatch(/development encryption key/);
    owner = out.owner as Credential;
  });

  it('break-glass reset --json issues a new password and TOTP secret', async () => {
    const args = ['--org', 'acme', '--email', OWNER.toUpperCase(), '--json'];
    const res = await runCli(['break-glass', 'reset', ...args], env());
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout) as unknown as Credential;
    expect(out).toMatchObject({ memberId: owner.memberId, email: OWNER });
    expect(out.password).not.toBe(owner.password);
    expect(out.totpSecret).not.toBe(owner.totpSecret);
    owner = out;
  });

  it('without --json says the credential is shown once; without an owner it warns', async () => {
    const args = ['--name', 'Beta', '--slug', 'beta', '--owner-email', 'root@beta.test'];
    const human = await runCli(['org', 'create', ...args], env());
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Password: +[a-z2-7-]{35}\n/);
    expect(human.stdout).toMatch(/TOTP secret: +[A-Z2-7]{32}\n/);
    expect(human.stdout).toMatch(/shown this once/);
    const ownerless = await runCli(['org', 'create', '--name', 'G', '--slug', 'gamma'], env());
    expect(ownerless.code).toBe(0);
    expect(ownerless.stderr).toMatch(/no owner was created: pass --owner-email/);
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
    const stranger = ['break-glass', 'reset', '--org', 'acme', '--email', 'who@acme.test'];
    const notOwner = await runCli(stranger, env());
    expect(notOwner.code).toBe(1);
    expect(notOwner.stderr).toMatch(/no break-glass owner "who@acme.test"/);
    const noEmail = await runCli(['break-glass', 'reset', '--org', 'acme'], env());
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toMatch(/--email is required/);
    const badEmail = ['--name', 'B', '--slug', 'b', '--owner-email', 'not an address'];
    const bad = await runCli(['org', 'create', ...badEmail], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not an email address/);
    for (const r of [taken, missing, notOwner, noEmail, bad]) {
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('audit verify checks the chain', async () => {
    const res = await runCli(['audit', 'verify', '--org', 'acme', '--json'], env());
    expect(res.code).toBe(0);
    // created, owner provisioned, credential issued, SCIM connection, rotation, reset
    expect(lastJsonLine(res.stdout)).toEqual({ ok: true, events: 6 });
  });

  it('the server serves the tokens; while it runs, the CLI refuses the folder', async () => {
    const server = await startServer(env(), testPort());
    try {
      const scim = await fetch(`${server.baseUrl}/scim/v2/Users`, {
        headers: { Authorization: `Bearer ${firstToken}` },
      });
      expect(scim.status).toBe(200);

      const signIn = await fetch(`${server.baseUrl}/auth/break-glass`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          organization: 'acme',
          email: OWNER,
          password: owner.password,
          code: generateTotp(decodeBase32(owner.totpSecret), new Date()),
        }),
      });
      expect(signIn.status).toBe(200);
      expect(signIn.headers.get('set-cookie')).toMatch(/^tessera_session=.*; Secure/);
      await transferOwnershipToHeir(server.baseUrl, signIn.headers.get('set-cookie')!);

      const res = await runCli(['org', 'create', '--name', 'B', '--slug', 'b'], env());
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/in use by process \d+/);
      expect(res.stderr).toMatch(/stop the server first/);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(server.output()).not.toContain(firstToken);
    expect(server.output()).toMatch(/"alert":"auth.break_glass.used"/);
    expect(server.output()).not.toContain(owner.password);
    expect(server.output()).not.toContain(owner.totpSecret);
    expect(server.output()).not.toMatch(/No organization exists yet/);
  });
});

/** The IdP provisions the heir; the owner hands ownership over through the admin API. */
async function transferOwnershipToHeir(baseUrl: string, setCookie: string) {
  const scimHeaders = {
    Authorization: `Bearer ${firstToken}`,
    'Content-Type': 'application/scim+json',
  };
  const created = await fetch(`${baseUrl}/scim/v2/Users`, {
    method: 'POST',
    headers: scimHeaders,
    body: JSON.stringify(userBody(HEIR)),
  });
  expect(created.status).toBe(201);
  const heirId = ((await created.json()) as { id: string }).id;

  const session = (await (
    await fetch(`${baseUrl}/auth/session`, { headers: { Cookie: setCookie.split(';')[0]! } })
  ).json()) as { organization: { id: string } };
  const transfer = await fetch(
    `${baseUrl}/api/v1/orgs/${session.organization.id}/members/${heirId}/transfer-ownership`,
    { method: 'POST', headers: { Cookie: setCookie.split(';')[0]!, 'X-Tessera-CSRF': '1' } },
  );
  expect(transfer.status).toBe(200);
}

describe('break-glass after an ownership transfer', () => {
  it('break-glass reset refuses the old owner, and issues the new owner a credential', async () => {
    const old = await runCli(['break-glass', 'reset', '--org', 'acme', '--email', OWNER], env());
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/"root@acme.test" is not an active owner of organization acme/);
    expect(old.stderr).not.toMatch(/\n\s+at /);

    const args = ['--org', 'acme', '--email', HEIR.toUpperCase(), '--json'];
    const res = await runCli(['break-glass', 'reset', ...args], env());
    expect(res.code).toBe(0);
    const out = lastJsonLine(res.stdout);
    expect(out).toMatchObject({ email: HEIR, password: expect.any(String) });
    expect(out.memberId).not.toBe(owner.memberId);

    const verify = await runCli(['audit', 'verify', '--org', 'acme', '--json'], env());
    // The 6 above, then: break-glass used, heir provisioned, ownership transferred, issued.
    expect(lastJsonLine(verify.stdout)).toEqual({ ok: true, events: 10 });
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
      expect(out).toMatch(/No organization yet/);
      expect(out).toMatch(/npm run tessera -- org create .*--owner-email/);
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
