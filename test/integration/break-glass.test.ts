import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { createBreakGlassOwner } from '../../src/auth/break-glass/create-break-glass-owner.js';
import type { IssuedBreakGlassCredential } from '../../src/auth/break-glass/issue-credential.js';
import * as reset from '../../src/auth/break-glass/reset-break-glass-credential.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { auditActions } from '../support/seed.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/** DESIGN rule 4: the break-glass owner signs in outside SSO, with a password and a TOTP code. */
let t: TestApp;
const operator = { type: 'operator' as const, id: 'test' };
const INVALID = { error: 'invalid_credentials', message: expect.any(String) };
const STEP_MS = 30_000;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Owner extends IssuedBreakGlassCredential {
  orgId: string;
  slug: string;
}

let orgs = 0;
let addresses = 0;

/** A fresh organization with a break-glass owner, made the way `org create` makes it. */
async function createOwner(email = 'root@acme.test'): Promise<Owner> {
  const slug = `bg-${++orgs}`;
  const org = await createOrgWithScim(t, slug);
  const issued = await t.db.transaction((manager) =>
    createBreakGlassOwner(manager, t.keyring, {
      orgId: org.id,
      orgSlug: slug,
      email,
      actor: operator,
      at: t.clock.now(),
    }),
  );
  return { ...issued, orgId: org.id, slug };
}

/** The code an authenticator app shows now for this secret. */
function codeFor(secret: string): string {
  return generateTotp(decodeBase32(secret), t.clock.now());
}

/** A source address of its own per test (the app trusts X-Forwarded-For from loopback). */
function newAddress(): string {
  return `192.0.2.${++addresses}`;
}

function signIn(owner: Owner, ip: string, change: Record<string, string> = {}) {
  const body = {
    organization: owner.slug,
    email: owner.email,
    password: owner.password,
    code: codeFor(owner.totpSecret),
    ...change,
  };
  return t.http.post('/auth/break-glass').set('X-Forwarded-For', ip).send(body);
}

function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const cookies = res.headers['set-cookie'] as string[];
  return cookies.find((c) => c.startsWith('tessera_session='))!.split(';')[0]!;
}

describe('POST /auth/break-glass signs the owner in', () => {
  it('opens a break_glass session, audited and alerted', async () => {
    const owner = await createOwner();
    const res = await signIn(owner, newAddress());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      member: { id: owner.memberId, userName: 'root@acme.test' },
      organization: { id: owner.orgId, slug: owner.slug },
      authenticatedAt: t.clock.now().toISOString(),
      method: 'break_glass',
    });
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(res.headers['cache-control']).toBe('no-store');

    const session = await t.http.get('/auth/session').set('Cookie', sessionCookie(res));
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ method: 'break_glass', role: { name: 'owner' } });
    const [row] = await t.db.query('SELECT mfa_evidence FROM sessions WHERE member_id = $1', [
      owner.memberId,
    ]);
    expect(row.mfa_evidence).toEqual(['pwd', 'otp']);

    const [event] = await t.db.query(
      `SELECT actor_type, actor_id, target_id, request_id FROM audit_events
        WHERE org_id = $1 AND action = 'auth.break_glass.used'`,
      [owner.orgId],
    );
    expect(event).toMatchObject({ actor_type: 'member', actor_id: owner.memberId });
    const alerts = t.logLines
      .map((line) => JSON.parse(line))
      .filter((l) => l.alert === 'auth.break_glass.used' && l.orgId === owner.orgId);
    expect(alerts).toEqual([expect.objectContaining({ level: 40, requestId: event.request_id })]);
  });

  it('works while the organization enforces SSO: that is what it is for', async () => {
    const owner = await createOwner();
    await t.db.query(
      `UPDATE organizations SET security = security || '{"ssoEnforced": true}' WHERE id = $1`,
      [owner.orgId],
    );
    expect((await signIn(owner, newAddress())).status).toBe(200);
  });

  it('accepts the email in any case, and a code from the previous time step', async () => {
    const owner = await createOwner('Root@Acme.test');
    const earlier = codeFor(owner.totpSecret);
    t.clock.advance(STEP_MS);
    const res = await signIn(owner, newAddress(), { email: 'ROOT@acme.TEST', code: earlier });
    expect(res.status).toBe(200);
  });

  it('answers 400 for a malformed request, naming the field', async () => {
    const res = await t.http.post('/auth/break-glass').send({ organization: 'x', email: 'y' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_request',
      message: expect.stringMatching(/password/),
    });
    const form = await t.http.post('/auth/break-glass').type('form').send('organization=x');
    expect(form.status).toBe(400);
  });
});

describe('one answer for every failure (no hint whether the account exists)', () => {
  it('wrong password or code, unknown email or org, reused code: the same 401', async () => {
    const owner = await createOwner();
    const ip = newAddress();
    const wrongCode = String((Number(codeFor(owner.totpSecret)) + 1) % 1e6).padStart(6, '0');
    const failures = [
      await signIn(owner, ip, { password: 'not-the-password' }),
      await signIn(owner, ip, { code: wrongCode }),
      await signIn(owner, ip, { email: 'nobody@acme.test' }),
      await signIn(owner, ip, { organization: 'no-such-org' }),
    ];
    expect((await signIn(owner, ip)).status).toBe(200);
    failures.push(await signIn(owner, ip));

    for (const res of failures) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(INVALID);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(new Set(failures.map((r) => r.text)).size).toBe(1);
  });

  it('of two concurrent sign-ins with one code, exactly one gets in (RFC 6238 §5.2)', async () => {
    const owner = await createOwner();
    const ip = newAddress();
    const results = await Promise.allSettled([signIn(owner, ip), signIn(owner, ip)]);
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : 0));
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('refuses a suspended, deprovisioned or demoted owner with the same 401', async () => {
    const owner = await createOwner();
    const ip = newAddress();
    const cases = [
      `UPDATE members SET status = 'suspended' WHERE id = $1`,
      `UPDATE members SET status = 'deprovisioned' WHERE id = $1`,
      `UPDATE members SET status = 'active',
         role_id = (SELECT id FROM roles WHERE org_id = members.org_id AND name = 'admin')
       WHERE id = $1`,
    ];
    for (const sql of cases) {
      await t.db.query(sql, [owner.memberId]);
      t.clock.advance(STEP_MS);
      const res = await signIn(owner, ip);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(INVALID);
    }
  });
});

describe('throttling in the database', () => {
  it('locks an account after 5 failures, even for right credentials, then recovers', async () => {
    const owner = await createOwner();
    for (let i = 0; i < 5; i++) {
      expect((await signIn(owner, newAddress(), { password: 'guess' })).status).toBe(401);
    }
    const locked = await signIn(owner, newAddress());
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'too_many_attempts', message: expect.any(String) });
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);

    const actions = await auditActions(t, owner.orgId, owner.memberId);
    expect(actions.filter((a) => a === 'auth.break_glass.locked_out')).toHaveLength(1);
    const alerted = t.logLines.some(
      (l) => l.includes('"auth.break_glass.locked_out"') && l.includes(owner.orgId),
    );
    expect(alerted).toBe(true);

    t.clock.advance(14 * 60_000);
    expect((await signIn(owner, newAddress())).status).toBe(429);
    t.clock.advance(60_000);
    expect((await signIn(owner, newAddress())).status).toBe(200);
  });

  it('locks a nonexistent account the same way, without an audit event', async () => {
    const owner = await createOwner();
    const ghost = { email: 'ghost@acme.test' };
    for (let i = 0; i < 5; i++) expect((await signIn(owner, newAddress(), ghost)).status).toBe(401);
    const res = await signIn(owner, newAddress(), ghost);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe(String(15 * 60));
    expect(await auditActions(t, owner.orgId)).not.toContain('auth.break_glass.locked_out');
  });

  it('counts concurrent failures one by one', async () => {
    const owner = await createOwner();
    const guesses = Array.from({ length: 5 }, () =>
      signIn(owner, newAddress(), { password: 'guess' }),
    );
    await Promise.all(guesses);
    const [row] = await t.db.query(
      "SELECT failures FROM sign_in_throttle WHERE key = 'bg:acct:' || $1 || ':root@acme.test'",
      [owner.slug],
    );
    expect(row.failures).toBe(5);
    expect((await signIn(owner, newAddress())).status).toBe(429);
  });

  it('locks an address after 20 failures across accounts; others still get in', async () => {
    const owner = await createOwner();
    const ip = newAddress();
    for (let i = 0; i < 20; i++) {
      const res = await signIn(owner, ip, { email: `spray-${i}@acme.test` });
      expect(res.status).toBe(401);
    }
    expect((await signIn(owner, ip)).status).toBe(429);
    expect((await signIn(owner, newAddress())).status).toBe(200);
  });

  it('a success forgets the account’s earlier failures', async () => {
    const owner = await createOwner();
    for (let i = 0; i < 4; i++) await signIn(owner, newAddress(), { password: 'guess' });
    expect((await signIn(owner, newAddress())).status).toBe(200);
    for (let i = 0; i < 4; i++) await signIn(owner, newAddress(), { password: 'guess' });
    t.clock.advance(STEP_MS);
    expect((await signIn(owner, newAddress())).status).toBe(200);
  });
});

describe('credentials at rest and in logs', () => {
  it('no password or TOTP secret appears in the logs or in the database', async () => {
    const owner = await createOwner();
    await signIn(owner, newAddress(), { password: 'guess' });
    expect((await signIn(owner, newAddress())).status).toBe(200);

    const logs = t.logLines.join('\n');
    const tables = ['break_glass_credentials', 'members', 'audit_events', 'sessions'];
    const rows = await Promise.all(
      tables.map((table) => t.db.query(`SELECT row_to_json(x)::text AS j FROM ${table} x`)),
    );
    const dump = rows
      .flat()
      .map((r: { j: string }) => r.j)
      .join('\n');
    for (const secret of [owner.password, owner.totpSecret]) {
      expect(logs).not.toContain(secret);
      expect(dump).not.toContain(secret);
    }
    expect(logs).not.toContain('guess');
    const [credential] = await t.db.query(
      'SELECT password_hash FROM break_glass_credentials WHERE member_id = $1',
      [owner.memberId],
    );
    expect(credential.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('a reset replaces both factors and ends the old break-glass sessions', async () => {
    const owner = await createOwner();
    const first = await signIn(owner, newAddress());
    const renewed = await t.db.transaction((manager) =>
      reset.resetBreakGlassCredential(manager, t.keyring, {
        orgId: owner.orgId,
        orgSlug: owner.slug,
        email: owner.email,
        actor: operator,
        at: t.clock.now(),
      }),
    );
    expect(renewed.password).not.toBe(owner.password);
    expect(renewed.totpSecret).not.toBe(owner.totpSecret);
    await t.http.get('/auth/session').set('Cookie', sessionCookie(first)).expect(401);

    t.clock.advance(STEP_MS);
    expect((await signIn(owner, newAddress())).status).toBe(401);
    expect((await signIn({ ...owner, ...renewed }, newAddress())).status).toBe(200);
    expect(await auditActions(t, owner.orgId, owner.memberId)).toContain('auth.break_glass.reset');
  });
});
