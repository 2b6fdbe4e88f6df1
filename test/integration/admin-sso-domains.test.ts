import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/** A DNS zone the test controls; a name it does not hold answers as DNS does: ENOTFOUND. */
const zone = new Map<string, string[][]>();
const lookups: string[] = [];
async function fakeResolveTxt(name: string): Promise<string[][]> {
  lookups.push(name);
  const records = zone.get(name);
  if (records) return records;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

let t: TestApp;
let orgA: string;
let orgB: string;
let ownerA: string;
let ownerB: string;

beforeAll(async () => {
  t = await startTestApp({ resolveTxt: fakeResolveTxt });
  orgA = (await createOrgWithScim(t, 'domains-a')).id;
  orgB = (await createOrgWithScim(t, 'domains-b')).id;
  ownerA = await createMember(t, orgA, 'owner@a.test', 'owner');
  ownerB = await createMember(t, orgB, 'owner@b.test', 'owner');
});
afterAll(() => t.close());

const url = (org: string, path = '') => `/api/v1/orgs/${org}/sso/domains${path}`;
const headersOf = async (org: string) =>
  (await signIn(t, org, org === orgA ? ownerA : ownerB)).headers;

async function add(org: string, domain: string) {
  return t.http
    .post(url(org))
    .set(await headersOf(org))
    .send({ domain });
}

async function verify(org: string, id: string) {
  return t.http.post(url(org, `/${id}/verify`)).set(await headersOf(org));
}

describe('email domains, proven by DNS TXT', () => {
  it('adds a domain with the TXT record to publish; verifies once it is there', async () => {
    const res = await add(orgA, ' Acme.Example. ');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ domain: 'acme.example', verified: false, verifiedAt: null });
    const { recordName, recordValue, recordType } = res.body.verification;
    expect(recordType).toBe('TXT');
    expect(recordName).toBe('_tessera.acme.example');
    expect(recordValue).toMatch(/^tessera-verification=[A-Za-z0-9_-]{32}$/);

    let check = await verify(orgA, res.body.id);
    expect(check.status).toBe(409);
    expect(check.body.error).toBe('verification_failed');
    expect(check.body.message).toContain('_tessera.acme.example');

    // Long TXT values come split into strings; other records may sit beside ours.
    zone.set(recordName, [['v=spf1 -all'], [recordValue.slice(0, 20), recordValue.slice(20)]]);
    check = await verify(orgA, res.body.id);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ verified: true, verifiedAt: t.clock.now().toISOString() });
    expect(lookups).toContain('_tessera.acme.example');

    const list = await t.http.get(url(orgA)).set(await headersOf(orgA));
    expect(list.body.data).toEqual([check.body]);
    expect(await auditActions(t, orgA, res.body.id)).toEqual([
      'organization.sso.domain_added',
      'organization.sso.domain_verified',
    ]);
  });

  it('a wrong token in DNS does not verify', async () => {
    const res = await add(orgA, 'wrong-token.example');
    zone.set('_tessera.wrong-token.example', [['tessera-verification=someone-elses']]);
    expect((await verify(orgA, res.body.id)).status).toBe(409);
  });

  it('a domain verified by one organization cannot be verified by another', async () => {
    const mine = await add(orgA, 'shared.example');
    zone.set('_tessera.shared.example', [[mine.body.verification.recordValue]]);
    expect((await verify(orgA, mine.body.id)).status).toBe(200);

    const theirs = await add(orgB, 'shared.example');
    expect(theirs.status).toBe(201);
    zone.set('_tessera.shared.example', [[theirs.body.verification.recordValue]]);
    const res = await verify(orgB, theirs.body.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('domain_claimed');

    // Once the first organization lets go, the second can prove it.
    await t.http
      .delete(url(orgA, `/${mine.body.id}`))
      .set(await headersOf(orgA))
      .expect(204);
    expect((await verify(orgB, theirs.body.id)).status).toBe(200);
    expect(await auditActions(t, orgA, mine.body.id)).toContain('organization.sso.domain_removed');
  });

  it('refuses a duplicate or a malformed domain', async () => {
    await add(orgA, 'dup.example');
    const dup = await add(orgA, 'DUP.example');
    expect(dup.status).toBe(409);
    expect(dup.body.error).toBe('domain_exists');
    for (const domain of ['localhost', 'no spaces.example', '1.2.3.4', '*.example.com', '']) {
      const res = await add(orgA, domain);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('domain');
    }
  });

  it('another organization’s domain is 404', async () => {
    const res = await add(orgB, 'b-only.example');
    await t.http
      .delete(url(orgA, `/${res.body.id}`))
      .set(await headersOf(orgA))
      .expect(404);
    expect((await verify(orgA, res.body.id)).status).toBe(404);
  });
});
