import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { BreakGlassDriver, type BreakGlassOwner as Owner } from '../support/break-glass.js';
import { auditActions } from '../support/seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Throttling of `POST /auth/break-glass`, held in the database. Break-glass is the way in when
 * SSO is broken, so locking it out must be expensive: one address locks only itself out
 * (5 failures per account, 20 across accounts, in 15 minutes), and only 100 failures in an hour
 * from everywhere lock the account (NIST SP 800-63B §5.2.2).
 */
let t: TestApp;
let bg: BreakGlassDriver;
const STEP_MS = 30_000;

beforeAll(async () => {
  t = await startTestApp();
  bg = new BreakGlassDriver(t);
});
afterAll(() => t.close());

/** `n` wrong passwords for the owner's account from one address, each answered 401. */
async function failTimes(
  owner: Owner,
  ip: string,
  n: number,
  change: Record<string, string> = { password: 'guess' },
) {
  for (let i = 0; i < n; i++) expect((await bg.signIn(owner, ip, change)).status).toBe(401);
}

function lockedOutAlerts(orgId: string): number {
  return t.logLines.filter((l) => l.includes('"auth.break_glass.locked_out"') && l.includes(orgId))
    .length;
}

describe('throttling in the database: one address cannot lock the owner out', () => {
  it('5 failures lock that address out of the account for 15 minutes; others get in', async () => {
    const owner = await bg.createOwner();
    const attacker = bg.newAddress();
    await failTimes(owner, attacker, 5);

    const locked = await bg.signIn(owner, attacker);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'too_many_attempts', message: expect.any(String) });
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);
    // Per-address noise is not an account lock-out: no audit event, no alert.
    expect(await auditActions(t, owner.orgId)).not.toContain('auth.break_glass.locked_out');
    expect(lockedOutAlerts(owner.orgId)).toBe(0);

    t.clock.advance(14 * 60_000);
    expect((await bg.signIn(owner, attacker)).status).toBe(429);
    t.clock.advance(60_000);
    expect((await bg.signIn(owner, attacker)).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address: hopping inside it does not reset the count', async () => {
    const owner = await bg.createOwner();
    for (let i = 1; i <= 5; i++) {
      expect((await bg.signIn(owner, `2001:db8:77:1::${i}`, { password: 'guess' })).status).toBe(
        401,
      );
    }
    expect((await bg.signIn(owner, '2001:db8:77:1::99')).status).toBe(429);
    expect((await bg.signIn(owner, '2001:db8:77:2::1')).status).toBe(200);
  });

  it('locks a nonexistent account the same way, without an audit event', async () => {
    const owner = await bg.createOwner();
    const ghost = { email: 'ghost@acme.test' };
    const ip = bg.newAddress();
    await failTimes(owner, ip, 5, ghost);
    const res = await bg.signIn(owner, ip, ghost);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe(String(15 * 60));
    expect(await auditActions(t, owner.orgId)).not.toContain('auth.break_glass.locked_out');
  });

  it('counts concurrent failures one by one', async () => {
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
    await Promise.all(Array.from({ length: 5 }, () => bg.signIn(owner, ip, { password: 'guess' })));
    const rows: { key: string; failures: number }[] = await t.db.query(
      `SELECT key, failures FROM sign_in_throttle WHERE key LIKE $1 ORDER BY key`,
      [`bg:%:${owner.slug}:root@acme.test%`],
    );
    expect(rows.map((r) => r.failures)).toEqual([5, 5]);
    expect((await bg.signIn(owner, ip)).status).toBe(429);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);
  });

  it('locks an address after 20 failures across accounts; others still get in', async () => {
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
    for (let i = 0; i < 20; i++) {
      const res = await bg.signIn(owner, ip, { email: `spray-${i}@acme.test` });
      expect(res.status).toBe(401);
    }
    expect((await bg.signIn(owner, ip)).status).toBe(429);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);
  });

  it('a success forgets the earlier failures of that address and of the account', async () => {
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
    await failTimes(owner, ip, 4);
    expect((await bg.signIn(owner, ip)).status).toBe(200);
    await failTimes(owner, ip, 4);
    t.clock.advance(STEP_MS);
    expect((await bg.signIn(owner, ip)).status).toBe(200);
    const rows = await t.db.query('SELECT key FROM sign_in_throttle WHERE key LIKE $1', [
      `bg:%:${owner.slug}:%`,
    ]);
    expect(rows).toEqual([]);
  });
});

describe('throttling in the database: a distributed attack on one account', () => {
  it('100 failures in an hour lock the account for an hour, audited and alerted', async () => {
    const owner = await bg.createOwner();
    // 20 addresses, 5 guesses each, spread over 47.5 minutes: all count against the account.
    for (let i = 0; i < 20; i++) {
      if (i > 0) t.clock.advance(150_000);
      await failTimes(owner, bg.newAddress(), 5);
    }

    const locked = await bg.signIn(owner, bg.newAddress());
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'too_many_attempts', message: expect.any(String) });
    expect(Number(locked.headers['retry-after'])).toBe(60 * 60);
    const actions = await auditActions(t, owner.orgId, owner.memberId);
    expect(actions.filter((a) => a === 'auth.break_glass.locked_out')).toHaveLength(1);
    const [event] = await t.db.query(
      `SELECT payload FROM audit_events WHERE org_id = $1 AND action = $2`,
      [owner.orgId, 'auth.break_glass.locked_out'],
    );
    expect(event.payload).toMatchObject({ email: owner.email, failures: 100 });
    expect(lockedOutAlerts(owner.orgId)).toBe(1);

    t.clock.advance(59 * 60_000);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(429);
    t.clock.advance(60_000);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);
  });

  it('failures older than the hour do not count towards the account lock', async () => {
    const owner = await bg.createOwner();
    for (let i = 0; i < 10; i++) await failTimes(owner, bg.newAddress(), 5);
    t.clock.advance(61 * 60_000);
    for (let i = 0; i < 10; i++) await failTimes(owner, bg.newAddress(), 5);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(200);
  });
});

describe('an operator reset', () => {
  it('a reset lifts the lock-outs on the account: the operator has vouched for it', async () => {
    const owner = await bg.createOwner();
    const ip = bg.newAddress();
    await failTimes(owner, ip, 5);
    for (let i = 1; i < 20; i++) await failTimes(owner, bg.newAddress(), 5);
    expect((await bg.signIn(owner, bg.newAddress())).status).toBe(429);
    const renewed = await bg.resetFor(owner);
    expect((await bg.signIn({ ...owner, ...renewed }, ip)).status).toBe(200);
    t.clock.advance(STEP_MS);
    expect((await bg.signIn({ ...owner, ...renewed }, bg.newAddress())).status).toBe(200);
  });
});
