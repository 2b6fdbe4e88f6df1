import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { BreakGlassDriver, sessionCookie } from '../support/break-glass.js';
import { auditActions } from '../support/seed.js';
import { createMember } from '../support/sessions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** DESIGN rule 4: the break-glass owner signs in outside SSO, with a password and a TOTP code. */
let t: TestApp;
let bg: BreakGlassDriver;
const INVALID = { error: 'invalid_credentials', message: expect.any(String) };
const STEP_MS = 30_000;

beforeAll(async () => {
  t = await startTestApp();
  bg = new BreakGlassDriver(t);
});
afterAll(() => t.close());

describe('POST /auth/break-glass signs the owner in', () => {
  it('opens a break_glass session, audited and alerted', async () => {
    const owner = await bg.createOwner();
    const res = await bg.signIn(owner, bg.newAddress());
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
    const owner = await bg.createOwner();
    await t.db.query(
      `UPDATE organizations SET security = security || '{"ssoEnforced": true}' WHERE id = $1`,
      [owner.orgId],
    );
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);
  });

  it('accepts the email in any case, and a code from the previous time step', async () => {
    const owner = await bg.createOwner('Root@Acme.test');
    const earlier = bg.codeFor(owner.totpSecret);
    t.clock.advance(STEP_MS);
    const res = await bg.signIn(owner, bg.newAddress(), { email: 'ROOT@acme.TEST', code: earlier });
    expect(res.status).toBe(200);
  });

  it('ignores a session cookie that does not percent-decode (no 500)', async () => {
    const owner = await bg.createOwner();
    for (const value of ['%', '%E0%A4%A']) {
      t.clock.advance(STEP_MS);
      const res = await bg.signIn(owner, bg.newAddress()).set('Cookie', `tessera_session=${value}`);
      expect(res.status).toBe(200);
      expect(res.body.method).toBe('break_glass');
    }
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
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
    const wrongCode = String((Number(bg.codeFor(owner.totpSecret)) + 1) % 1e6).padStart(6, '0');
    const failures = [
      await bg.signIn(owner, ip, { password: 'not-the-password' }),
      await bg.signIn(owner, ip, { code: wrongCode }),
      await bg.signIn(owner, ip, { email: 'nobody@acme.test' }),
      await bg.signIn(owner, ip, { organization: 'no-such-org' }),
    ];
    expect((await bg.signIn(owner, ip)).status).toBe(200);
    failures.push(await bg.signIn(owner, ip));

    for (const res of failures) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(INVALID);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(new Set(failures.map((r) => r.text)).size).toBe(1);
  });

  it('of two concurrent sign-ins with one code, exactly one gets in (RFC 6238 §5.2)', async () => {
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
    const results = await Promise.allSettled([bg.signIn(owner, ip), bg.signIn(owner, ip)]);
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : 0));
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('refuses a suspended, deprovisioned or demoted owner with the same 401', async () => {
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
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
      const res = await bg.signIn(owner, ip);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(INVALID);
    }
  });
});

describe('credentials at rest and in logs', () => {
  it('no password or TOTP secret appears in the logs or in the database', async () => {
    const owner = await bg.createOwner();
    await bg.signIn(owner, bg.newAddress(), { password: 'guess' });
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);

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
    const owner = await bg.createOwner();
    const first = await bg.signIn(owner, bg.newAddress());
    const renewed = await bg.resetFor(owner);
    expect(renewed.password).not.toBe(owner.password);
    expect(renewed.totpSecret).not.toBe(owner.totpSecret);
    await t.http.get('/auth/session').set('Cookie', sessionCookie(first)).expect(401);

    t.clock.advance(STEP_MS);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(401);
    expect((await bg.signIn({ ...owner, ...renewed }, bg.newAddress())).status).toBe(200);
    expect(await auditActions(t, owner.orgId, owner.memberId)).toContain('auth.break_glass.reset');
  });
});

describe('after an ownership transfer, the new owner can be given a break-glass path', () => {
  it('issues a credential for an active owner who has none, matched by primary email', async () => {
    const owner = await bg.createOwner();
    const heirId = await createMember(t, owner.orgId, 'heir@acme.test');
    await t.db.query(`UPDATE members SET user_name = 'heir-jdoe' WHERE id = $1`, [heirId]);
    const res = await bg.signIn(owner, bg.newAddress());
    const transfer = await t.http
      .post(`/api/v1/orgs/${owner.orgId}/members/${heirId}/transfer-ownership`)
      .set({ Cookie: sessionCookie(res), 'X-Tessera-CSRF': '1' });
    expect(transfer.status).toBe(200);

    // The old owner's credential no longer qualifies, and resetting it would not help.
    t.clock.advance(STEP_MS);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(401);
    await expect(bg.resetFor(owner, owner.email)).rejects.toMatchObject({
      status: 409,
      code: 'not_an_owner',
      message: expect.stringMatching(/not an active owner/),
    });

    const issued = await bg.resetFor(owner, 'HEIR@Acme.test');
    expect(issued).toMatchObject({ memberId: heirId, email: 'heir@acme.test' });
    const heir = { ...owner, ...issued };
    const heirSignIn = await bg.signIn(heir, bg.newAddress());
    expect(heirSignIn.status).toBe(200);
    expect(heirSignIn.body.member).toEqual({ id: heirId, userName: 'heir-jdoe' });
    const [event] = await t.db.query(
      `SELECT actor_type, payload FROM audit_events
        WHERE org_id = $1 AND action = 'auth.break_glass.issued' AND target_id = $2`,
      [owner.orgId, heirId],
    );
    expect(event).toEqual({ actor_type: 'operator', payload: { email: 'heir@acme.test' } });

    // Issued once; running the command again is an ordinary reset of that credential.
    t.clock.advance(STEP_MS);
    const again = await bg.resetFor(owner, 'heir-jdoe');
    expect(again.memberId).toBe(heirId);
    expect((await bg.signIn({ ...owner, ...again }, bg.newAddress())).status).toBe(200);
    expect(await auditActions(t, owner.orgId, heirId)).toContain('auth.break_glass.reset');
  });

  it('matches the userName too, and refuses members who are not active owners', async () => {
    const owner = await bg.createOwner();
    const second = await createMember(t, owner.orgId, 'Second@Acme.test', 'owner');
    await t.db.query(
      `UPDATE members SET emails = '[{"value": "s@mail.acme.test", "primary": true}]'
        WHERE id = $1`,
      [second],
    );
    expect(await bg.resetFor(owner, 'second@acme.test')).toMatchObject({
      memberId: second,
      email: 'Second@Acme.test',
    });

    await createMember(t, owner.orgId, 'admin@acme.test', 'admin');
    const away = await createMember(t, owner.orgId, 'away@acme.test', 'owner');
    await t.db.query(`UPDATE members SET status = 'suspended' WHERE id = $1`, [away]);
    for (const email of ['admin@acme.test', 'away@acme.test']) {
      await expect(bg.resetFor(owner, email)).rejects.toMatchObject({
        status: 409,
        message: expect.stringMatching(/not an active owner/),
      });
    }
    await expect(bg.resetFor(owner, 'nobody@acme.test')).rejects.toMatchObject({ status: 404 });
    const [{ count }] = await t.db.query(
      'SELECT count(*)::int AS count FROM break_glass_credentials WHERE org_id = $1',
      [owner.orgId],
    );
    expect(count).toBe(2);
  });
});
