import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { SESSION_COOKIE } from '../../src/access/sessions/session-cookie.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/** A lone `%`, and a truncated UTF-8 escape: decodeURIComponent throws URIError on both. */
const MALFORMED_COOKIES = ['%', '%E0%A4%A'];

let t: TestApp;
let org: TestOrg;
let ownerId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'sessions');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
});
afterAll(() => t.close());

describe('server-side sessions', () => {
  it('GET /auth/session says who the caller is', async () => {
    const { headers } = await signIn(t, org.id, ownerId);
    const res = await t.http.get('/auth/session').set(headers);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      member: { id: ownerId, userName: 'owner@example.com' },
      organization: { id: org.id, slug: 'sessions' },
      role: { name: 'owner' },
      authenticatedAt: t.clock.now().toISOString(),
      method: 'sso_oidc',
    });
    expect(res.body.permissions).toContain('security_configuration.manage');
  });

  it('stores only a keyed hash of the cookie', async () => {
    const { headers, sessionId } = await signIn(t, org.id, ownerId);
    const secret = headers.Cookie.split('.')[1]!;
    const [row] = await t.db.query('SELECT token_hash FROM sessions WHERE id = $1', [sessionId]);
    expect(row.token_hash).not.toContain(secret);
  });

  it('refuses a tampered cookie, and no cookie, with 401', async () => {
    const { headers } = await signIn(t, org.id, ownerId);
    const tampered = headers.Cookie.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    await t.http.get('/auth/session').set('Cookie', tampered).expect(401);
    const res = await t.http.get('/auth/session');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthenticated', message: expect.any(String) });
  });

  it('a cookie that does not percent-decode reads as no session: 401, never 500', async () => {
    const admin = `/api/v1/orgs/${org.id}/members`;
    for (const value of MALFORMED_COOKIES) {
      const cookie = `${SESSION_COOKIE}=${value}`;
      const session = await t.http.get('/auth/session').set('Cookie', cookie);
      expect(session.status).toBe(401);
      expect(session.body.error).toBe('unauthenticated');
      const members = await t.http.get(admin).set('Cookie', cookie);
      expect(members.status).toBe(401);
      expect(members.body.error).toBe('unauthenticated');
    }
  });

  it('ends at the idle expiry, and idle time moves with use', async () => {
    const { headers } = await signIn(t, org.id, ownerId);
    t.clock.advance(59 * 60_000);
    await t.http.get('/auth/session').set(headers).expect(200);
    t.clock.advance(59 * 60_000);
    await t.http.get('/auth/session').set(headers).expect(200);
    t.clock.advance(60 * 60_000);
    await t.http.get('/auth/session').set(headers).expect(401);
  });

  it('ends at the absolute expiry however active it is', async () => {
    const { headers } = await signIn(t, org.id, ownerId);
    for (let hour = 0; hour < 12; hour++) {
      t.clock.advance(30 * 60_000);
      await t.http.get('/auth/session').set(headers).expect(200);
      t.clock.advance(30 * 60_000);
      const res = await t.http.get('/auth/session').set(headers);
      expect(res.status).toBe(hour < 11 ? 200 : 401);
    }
  });

  it('logout deletes the session and clears the cookie', async () => {
    const { headers, sessionId } = await signIn(t, org.id, ownerId);
    const res = await t.http.post('/auth/logout').set(headers);
    expect(res.status).toBe(204);
    expect(res.headers['set-cookie']?.[0]).toMatch(/^tessera_session=;/);
    expect(await t.db.query('SELECT id FROM sessions WHERE id = $1', [sessionId])).toEqual([]);
    await t.http.get('/auth/session').set(headers).expect(401);
  });

  it('a cookie write without the CSRF header, or from another origin, is 403 csrf', async () => {
    const { headers } = await signIn(t, org.id, ownerId);
    const noHeader = await t.http.post('/auth/logout').set('Cookie', headers.Cookie);
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toBe('csrf');
    const foreign = await t.http
      .post('/auth/logout')
      .set(headers)
      .set('Origin', 'https://evil.example');
    expect(foreign.status).toBe(403);
  });

  it('a deprovisioned member’s session stops at once', async () => {
    const memberId = await createMember(t, org.id, 'leaver@example.com');
    const { headers } = await signIn(t, org.id, memberId);
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [memberId]);
    await t.http.get('/auth/session').set(headers).expect(401);
  });
});
