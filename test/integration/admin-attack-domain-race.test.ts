import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Races on email domains: requests sent at once must each get a clear answer (one wins, the rest
 * 409), never a 500, and the database must hold one row and at most one verified owner. The race
 * is real on Postgres (run with TEST_DATABASE_URL); the embedded database serializes it.
 */
const zone = new Map<string, string[][]>();
async function resolveTxt(name: string): Promise<string[][]> {
  const records = zone.get(name);
  if (records) return records;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

let t: TestApp;
const orgs: { id: string; owner: string }[] = [];
const RACERS = 8;

beforeAll(async () => {
  t = await startTestApp({ resolveTxt });
  for (const slug of ['race-a', 'race-b', 'race-c', 'race-d']) {
    const id = (await createOrgWithScim(t, slug)).id;
    orgs.push({ id, owner: await createMember(t, id, `owner@${slug}.test`, 'owner') });
  }
});
afterAll(() => t.close());

const url = (org: string, path = '') => `/api/v1/orgs/${org}/sso/domains${path}`;
const headersOf = async (org: { id: string; owner: string }) =>
  (await signIn(t, org.id, org.owner)).headers;

describe('email domains under concurrent requests', () => {
  it('one organization adding one domain many times at once: one 201, the rest 409', async () => {
    const org = orgs[0]!;
    const headers = await headersOf(org);
    const answers = await Promise.all(
      Array.from({ length: RACERS }, () =>
        t.http.post(url(org.id)).set(headers).send({ domain: 'dup-race.example' }),
      ),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array(RACERS - 1).fill(409)]);
    for (const res of answers.filter((r) => r.status === 409)) {
      expect(res.body.error).toBe('domain_exists');
    }
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM sso_domains WHERE domain = 'dup-race.example'`,
    );
    expect(n).toBe(1);
  });

  it('several organizations verifying one domain at once: one owner, the rest 409', async () => {
    const added = [];
    for (const org of orgs) {
      const res = await t.http
        .post(url(org.id))
        .set(await headersOf(org))
        .send({ domain: 'claim-race.example' });
      expect(res.status).toBe(201);
      added.push({ org, id: res.body.id as string, record: res.body.verification.recordValue });
    }
    // Every organization's proof is in DNS at once (the domain changed hands, say).
    zone.set(
      '_tessera.claim-race.example',
      added.map((a) => [a.record]),
    );
    const answers = await Promise.all(
      added.map(async (a) =>
        t.http.post(url(a.org.id, `/${a.id}/verify`)).set(await headersOf(a.org)),
      ),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, ...Array(orgs.length - 1).fill(409)]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM sso_domains
        WHERE domain = 'claim-race.example' AND verified_at IS NOT NULL`,
    );
    expect(n).toBe(1);
  });
});
