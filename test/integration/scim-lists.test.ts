import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ENTERPRISE, userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
} from '../support/test-app.js';

let t: TestApp;
let scim: ScimClient;
const ids: Record<string, string> = {};

const PEOPLE = [
  { userName: 'alice@example.com', title: 'Engineer', externalId: 'EXT-A', department: 'R&D' },
  { userName: 'bob@example.com', title: 'Designer', externalId: 'ext-b', department: 'Design' },
  { userName: 'carol@example.org', title: '100%_sure', externalId: 'ext-c', department: 'R&D' },
  { userName: 'dave@example.org', title: null, externalId: null, department: null },
  {
    userName: 'erin (ops)@example.net',
    title: 'back\\slash',
    externalId: 'ext-e',
    department: 'Ops',
  },
];

beforeAll(async () => {
  t = await startTestApp();
  const org = await createOrgWithScim(t, 'lists');
  scim = scimClient(t, org.token);
  for (const p of PEOPLE) {
    const body = userBody(p.userName, {
      ...(p.title ? { title: p.title } : {}),
      ...(p.externalId ? { externalId: p.externalId } : {}),
      ...(p.department ? { [ENTERPRISE]: { department: p.department } } : {}),
      emails: [
        { value: p.userName, type: 'work', primary: true },
        { value: `home-${p.userName}`, type: 'home' },
      ],
    });
    const res = await scim.post('/Users', body);
    expect(res.status).toBe(201);
    ids[p.userName.split('@')[0]!] = res.body.id;
    t.clock.advance(1000);
  }
  await scim.patch(`/Users/${ids.dave}`, {
    Operations: [{ op: 'replace', path: 'active', value: false }],
  });
});
afterAll(() => t.close());

async function namesMatching(filter: string): Promise<string[]> {
  const res = await scim.get(`/Users?filter=${encodeURIComponent(filter)}`);
  expect(res.status).toBe(200);
  return res.body.Resources.map((u: { userName: string }) => u.userName.split('@')[0]).sort();
}

describe('RFC 7644 §3.4.2.2 filters, translated to SQL', () => {
  const cases: [string, string[]][] = [
    ['userName eq "ALICE@example.com"', ['alice']],
    ['userName Eq "alice@example.com"', ['alice']],
    ['externalId eq "EXT-A"', ['alice']],
    ['externalId eq "ext-a"', []],
    ['userName sw "b"', ['bob']],
    ['userName ew ".org"', ['carol', 'dave']],
    ['userName co "example"', ['alice', 'bob', 'carol', 'dave', 'erin (ops)']],
    ['title co "0%_"', ['carol']],
    ['title co "%"', ['carol']],
    ['title eq "back\\\\slash"', ['erin (ops)']],
    ['userName eq "erin (ops)@example.net"', ['erin (ops)']],
    ['title pr', ['alice', 'bob', 'carol', 'erin (ops)']],
    ['not (title pr)', ['dave']],
    ['title ne "Engineer"', ['bob', 'carol', 'dave', 'erin (ops)']],
    ['not (title eq "Engineer")', ['bob', 'carol', 'dave', 'erin (ops)']],
    ['active eq false', ['dave']],
    ['active eq true and title sw "D"', ['bob']],
    ['title eq "Engineer" or title eq "Designer" and userName sw "a"', ['alice']],
    ['(title eq "Engineer" or title eq "Designer") and userName sw "b"', ['bob']],
    ['emails[type eq "work" and value ew ".net"]', ['erin (ops)']],
    ['emails[type eq "home" and value sw "alice"]', []],
    ['emails.value eq "home-bob@example.com"', ['bob']],
    ['emails eq "BOB@example.com"', ['bob']],
    [`${ENTERPRISE}:department eq "R&D"`, ['alice', 'carol']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob@example.com"', ['bob']],
    ['meta.created gt "2026-12-01T09:00:02.5Z"', ['dave', 'erin (ops)']],
    ['meta.created ge "2026-12-01T11:00:02.000000+02:00"', ['carol', 'dave', 'erin (ops)']],
    ['meta.created lt "2026-12-01T09:00:00.9999999Z"', ['alice']],
  ];

  it.each(cases)('%s', async (filter, expected) => {
    expect(await namesMatching(filter)).toEqual(expected);
  });

  it('filters by id and by group membership', async () => {
    expect(await namesMatching(`id eq "${ids.bob}"`)).toEqual(['bob']);
    const group = await scim.post('/Groups', {
      displayName: 'Filter group',
      members: [{ value: ids.alice }, { value: ids.carol }],
    });
    expect(await namesMatching(`groups.value eq "${group.body.id}"`)).toEqual(['alice', 'carol']);
    const memberFilter = encodeURIComponent(`members eq "${ids.carol}"`);
    const groups = await scim.get(`/Groups?filter=${memberFilter}&excludedAttributes=members`);
    expect(groups.body.Resources.map((g: { id: string }) => g.id)).toEqual([group.body.id]);
    expect(groups.body.Resources[0].members).toBeUndefined();
  });
});

describe('RFC 7644 §3.4.2.4 paging', () => {
  it('walks every member exactly once in a stable order', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 5; start += 2) {
      const res = await scim.get(`/Users?startIndex=${start}&count=2`);
      expect(res.body).toMatchObject({ totalResults: 5, startIndex: start });
      expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
      seen.push(...res.body.Resources.map((u: { id: string }) => u.id));
    }
    expect(seen).toEqual(Object.values(ids));
  });

  it('reads a startIndex below 1 as 1', async () => {
    const res = await scim.get('/Users?startIndex=-3&count=1');
    expect(res.body.startIndex).toBe(1);
    expect(res.body.Resources[0].id).toBe(ids.alice);
  });

  it('returns no resources past the end', async () => {
    const res = await scim.get('/Users?startIndex=50');
    expect(res.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it('returns only totalResults for count=0', async () => {
    const res = await scim.get('/Users?count=0&filter=active eq true');
    expect(res.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
  });
});

describe('RFC 7644 §3.4.2.3 sorting', () => {
  it('sorts by userName both ways', async () => {
    const asc = await scim.get('/Users?sortBy=userName');
    const desc = await scim.get('/Users?sortBy=userName&sortOrder=descending');
    const names = (r: typeof asc) => r.body.Resources.map((u: { userName: string }) => u.userName);
    expect(names(asc)).toEqual([...names(asc)].sort());
    expect(names(desc)).toEqual([...names(asc)].reverse());
  });
});

describe('RFC 7644 §3.4.2.5 attributes and excludedAttributes', () => {
  it('returns only the asked attributes plus id and schemas', async () => {
    const res = await scim.get(`/Users/${ids.alice}?attributes=userName,name.givenName`);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'name', 'schemas', 'userName']);
    expect(res.body.name).toEqual({ givenName: 'Test' });
  });

  it('leaves out excluded attributes but never id', async () => {
    const res = await scim.get(`/Users?excludedAttributes=emails,id,${ENTERPRISE}:department`);
    for (const u of res.body.Resources) {
      expect(u.emails).toBeUndefined();
      expect(u.id).toBeDefined();
      expect(u[ENTERPRISE]?.department).toBeUndefined();
    }
  });
});
