import type { PGlite } from '@electric-sql/pglite';

import { GROUP_FILTER_TARGET } from '../../src/scim/filter/group-attributes.js';
import { compileSort } from '../../src/scim/filter/sort.js';
import { USER_FILTER_TARGET } from '../../src/scim/filter/user-attributes.js';
import { createFilterDatabase, ORG } from './scim-filter-db.js';

let db: PGlite;
beforeAll(async () => {
  db = await createFilterDatabase();
});
afterAll(async () => {
  await db.close();
});

async function sortUsers(sortBy: string, direction: 'ASC' | 'DESC' = 'ASC'): Promise<string[]> {
  const key = compileSort(sortBy, USER_FILTER_TARGET);
  const result = await db.query<{ user_name: string }>(
    `SELECT m.user_name FROM members m WHERE m.org_id = $1 ORDER BY ${key} ${direction}, m.id`,
    [ORG],
  );
  return result.rows.map((row) => row.user_name);
}

describe('RFC 7644 §3.4.2.3 sortBy', () => {
  test('a caseExact: false string sorts ignoring case', async () => {
    expect(await sortUsers('userName')).toEqual([
      'BJensen',
      'corrupt',
      'jsmith',
      'paren',
      'rate_100%',
      'rateX100Y',
    ]);
  });

  test('no value sorts last ascending, first descending; empty counts as none', async () => {
    expect(await sortUsers('title')).toEqual([
      'rate_100%',
      'BJensen',
      'jsmith',
      'rateX100Y',
      'paren',
      'corrupt',
    ]);
    expect((await sortUsers('title', 'DESC')).slice(-2)).toEqual(['BJensen', 'rate_100%']);
  });

  test('a multi-valued attribute sorts by its primary value, else its first', async () => {
    // paren: primary second@…; bjensen: primary bjensen@…; jsmith: primary jsmith@…
    expect(await sortUsers('emails')).toEqual([
      'BJensen',
      'jsmith',
      'rate_100%',
      'paren',
      'rateX100Y',
      'corrupt',
    ]);
    expect((await sortUsers('emails.type')).slice(0, 2)).toEqual(['jsmith', 'BJensen']);
  });

  test('sub-attributes, extension URNs and dateTimes', async () => {
    expect((await sortUsers('name.givenName')).slice(0, 2)).toEqual(['BJensen', 'jsmith']);
    expect(
      (
        await sortUsers('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department')
      ).slice(0, 2),
    ).toEqual(['jsmith', 'BJensen']);
    expect(await sortUsers('meta.lastModified', 'DESC')).toEqual([
      'rate_100%',
      'jsmith',
      'BJensen',
      'corrupt',
      'rateX100Y',
      'paren',
    ]);
    expect((await sortUsers('groups.display')).slice(0, 3)).toEqual([
      'BJensen',
      'jsmith',
      'rate_100%',
    ]);
  });

  test.each([
    ['unknown', "unknown attribute 'unknown'"],
    ['password', 'password'],
    ['name', "sub-attribute of 'name'"],
    ['userName.x', "'userName' has no sub-attributes"],
    ['emails.nope', "no sub-attribute 'nope'"],
    ['addresses', "'addresses' has no 'value'"],
    ['urn:example:other:userName', 'is not a schema of User'],
    ['userName desc', 'is not an attribute path'],
    ['', 'is not an attribute path'],
  ])('%j is 400 invalidValue', (sortBy, detail) => {
    expect(() => compileSort(sortBy, USER_FILTER_TARGET)).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: 'invalidValue',
        message: expect.stringContaining(detail),
      }),
    );
  });

  test('groups sort too', () => {
    expect(compileSort('DISPLAYNAME', GROUP_FILTER_TARGET)).toBe(
      "NULLIF(lower(t.display_name), '')",
    );
    expect(compileSort('id', GROUP_FILTER_TARGET)).toBe('t.id');
  });
});
