import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Test } from 'supertest';

import { createMember, signIn } from '../support/sessions.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Bad input gets a clear 4xx and changes nothing, on every admin and auth surface: values the
 * database cannot hold, cursors naming no position, paths that do not decode, bodies the parser
 * cannot read. Each row once answered 500.
 */
let t: TestApp;
let orgId: string;
let owner: Record<string, string>;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const api = (suffix: string) => `/api/v1/orgs/${orgId}${suffix}`;

const CASES: [string, () => Test, number][] = [
  ['a NUL character in a team name', () => post('/teams', { displayName: 'a\u0000b' }), 400],
  ['a NUL character in an API key name', () => post('/api-keys', { name: 'k\u0000' }), 400],
  [
    'a lone surrogate in a role name',
    () => post('/roles', { name: 'x\ud800', permissions: [] }),
    400,
  ],
  ['a NUL character in a query parameter', () => get('/members?role=%00'), 400],
  [
    'a member cursor in year 0',
    () => get(`/members?cursor=${b64(['0000-01-01T00:00:00.000000Z', orgId])}`),
    400,
  ],
  [
    'an audit cursor past the largest bigint',
    () =>
      get(`/audit-events?cursor=${Buffer.from('v1:9999999999999999999').toString('base64url')}`),
    400,
  ],
  ['a path that does not percent-decode', () => get('/members/%E0%A4%A'), 400],
  [
    'a body in another charset',
    () =>
      t.http
        .post(api('/teams'))
        .set(owner)
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{"displayName":"x"}'),
    415,
  ],
  [
    'a body claiming gzip that is not',
    () =>
      t.http
        .post(api('/teams'))
        .set(owner)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('{"displayName":"x"}'),
    400,
  ],
  [
    'a NUL character in a break-glass email',
    () =>
      t.http
        .post('/auth/break-glass')
        .send({ organization: 'bad-input', email: 'a\u0000@x', password: 'p', code: '000000' }),
    400,
  ],
];

function post(suffix: string, body: object): Test {
  return t.http.post(api(suffix)).set(owner).send(body);
}

function get(suffix: string): Test {
  return t.http.get(api(suffix)).set(owner);
}

beforeAll(async () => {
  t = await startTestApp();
  orgId = (await createOrgWithScim(t, 'bad-input')).id;
  owner = (await signIn(t, orgId, await createMember(t, orgId, 'o@example.com', 'owner'))).headers;
});
afterAll(() => t.close());

describe('admin and auth bad input', () => {
  it.each(CASES)('%s: a 4xx, never a 500, and nothing written', async (_, send, status) => {
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    expect(after).toBe(before);
  });
});
