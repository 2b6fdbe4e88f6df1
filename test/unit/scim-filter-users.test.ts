import type { PGlite } from '@electric-sql/pglite';

import { compileFilter } from '../../src/scim/filter/compile.js';
import { parseFilter } from '../../src/scim/filter/parse.js';
import { SqlParams } from '../../src/scim/filter/sql-params.js';
import { USER_FILTER_TARGET } from '../../src/scim/filter/user-attributes.js';
import { createFilterDatabase, ORG, selectUserNames, USER } from './scim-filter-db.js';

let db: PGlite;
beforeAll(async () => {
  db = await createFilterDatabase();
});
afterAll(async () => {
  await db.close();
});

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const EVERYONE = ['BJensen', 'corrupt', 'jsmith', 'paren', 'rateX100Y', 'rate_100%'];

/** [filter, user names it must select] — run against real rows in PGlite. */
type Case = [string, string[]];

function runCases(cases: Case[]): void {
  test.each(cases)('%s', async (filter, expected) => {
    expect(await selectUserNames(db, filter)).toEqual(expected);
  });
}

describe('RFC 7644 §3.4.2.2 eq and caseExact (RFC 7643 §2.2)', () => {
  runCases([
    ['userName eq "bjensen"', ['BJensen']],
    ['USERNAME EQ "BJENSEN"', ['BJensen']],
    [`${CORE}:userName eq "JSMITH"`, ['jsmith']],
    ['externalId eq "ext-1"', ['jsmith']],
    ['externalId eq "Ext-1"', ['BJensen']],
    [`id eq "${USER.bjensen}"`, ['BJensen']],
    [`id eq "${USER.bjensen.toUpperCase()}"`, []],
    ['active eq true', ['BJensen', 'corrupt', 'paren', 'rate_100%']],
    ['active eq false', ['jsmith', 'rateX100Y']],
    [`userName eq "x' OR 1=1 --"`, []],
  ]);
});

describe('RFC 7644 §3.4.2.2 co, sw, ew escape LIKE metacharacters', () => {
  runCases([
    ['userName co "_100%"', ['rate_100%']],
    ['userName sw "rate_"', ['rate_100%']],
    ['userName sw "RATE"', ['rateX100Y', 'rate_100%']],
    ['userName ew "SMITH"', ['jsmith']],
    ['displayName co "\\\\"', ['paren']],
  ]);
});

describe('RFC 7644 §3.4.2.2 quoted values are JSON strings', () => {
  runCases([
    ['displayName eq "Paren) and \\\\ back\\"slash"', ['paren']],
    ['displayName sw "Paren\\u0029 and"', ['paren']],
    ['displayName co "]"', []],
  ]);
});

describe('RFC 7644 §3.4.2.2 pr, ne and not under absent values', () => {
  runCases([
    ['title pr', ['BJensen', 'rate_100%']],
    ['title ne "Tour Guide"', ['corrupt', 'jsmith', 'paren', 'rateX100Y', 'rate_100%']],
    ['not (title eq "Tour Guide")', ['corrupt', 'jsmith', 'paren', 'rateX100Y', 'rate_100%']],
    ['not (title pr)', ['corrupt', 'jsmith', 'paren', 'rateX100Y']],
    ['not (not (title pr))', ['BJensen', 'rate_100%']],
    ['title eq null', ['corrupt', 'jsmith', 'paren', 'rateX100Y']],
    ['title ne null', ['BJensen', 'rate_100%']],
    ['name pr', ['BJensen', 'jsmith']],
  ]);
});

describe('RFC 7644 §3.4.2.2 order of operations', () => {
  runCases([
    ['active eq false or userName eq "bjensen" and title pr', ['BJensen', 'jsmith', 'rateX100Y']],
    ['(active eq false or userName eq "bjensen") and title pr', ['BJensen']],
    ['userName eq "paren" OR (userName eq "jsmith" AND NOT (active eq true))', ['jsmith', 'paren']],
  ]);
});

describe('RFC 7644 §3.4.2.2 gt, ge, lt, le', () => {
  const instant = '2026-01-01T00:00:00.1234567+02:00';
  runCases([
    [`meta.lastModified gt "${instant}"`, ['jsmith', 'rate_100%']],
    [`meta.lastModified ge "${instant}"`, ['jsmith', 'rate_100%']],
    [`meta.lastModified lt "${instant}"`, ['BJensen', 'corrupt', 'paren', 'rateX100Y']],
    [`meta.lastModified le "${instant}"`, ['BJensen', 'corrupt', 'paren', 'rateX100Y']],
    [`meta.lastModified eq "${instant}"`, []],
    [`not (meta.lastModified eq "${instant}")`, EVERYONE],
    ['meta.lastModified eq "2026-01-01T00:00:00.123456+02:00"', ['BJensen']],
    ['meta.created lt "2025-02-01T00:00:00Z"', ['BJensen']],
    ['userName gt "p"', ['paren', 'rateX100Y', 'rate_100%']],
    ['userName lt "rateX"', ['BJensen', 'corrupt', 'jsmith', 'paren', 'rate_100%']],
  ]);
});

describe('RFC 7644 §3.4.2.2 multi-valued attributes match when any value does', () => {
  runCases([
    ['emails.value co "example.com"', ['BJensen', 'paren', 'rate_100%']],
    ['emails co "EXAMPLE.COM"', ['BJensen', 'paren', 'rate_100%']],
    ['not (emails.value co "example.com")', ['corrupt', 'jsmith', 'rateX100Y']],
    ['emails pr', ['BJensen', 'jsmith', 'paren', 'rate_100%']],
    ['emails eq null', ['corrupt', 'rateX100Y']],
    ['emails.type eq "work" and emails.primary eq true', ['BJensen', 'jsmith', 'rate_100%']],
    ['phoneNumbers pr', ['corrupt']],
    ['phoneNumbers.value eq "+1 555 0101"', ['corrupt']],
    ['phoneNumbers.primary eq true', []],
  ]);
});

describe('RFC 7644 §3.4.2.2 valuePath: one element satisfies the whole filter', () => {
  runCases([
    ['emails[type eq "work" and primary eq true]', ['BJensen', 'rate_100%']],
    ['emails[type eq "work"]', ['BJensen', 'jsmith', 'rate_100%']],
    ['emails[not (type pr)]', ['paren']],
    [
      'emails[TYPE eq "work" and (value ew ".com" or value ew ".example")]',
      ['BJensen', 'jsmith', 'rate_100%'],
    ],
    ['addresses[type eq "work" and locality eq "hollywood"]', ['BJensen']],
    ['name[givenName eq "john"]', ['jsmith']],
    ['userName eq "paren" or emails[primary eq true and value sw "jsmith"]', ['jsmith', 'paren']],
  ]);
});

describe('RFC 7643 §4.3 enterprise extension attributes', () => {
  runCases([
    [`${ENTERPRISE}:employeeNumber eq "701984"`, ['BJensen']],
    [`${ENTERPRISE.toLowerCase()}:EMPLOYEENUMBER eq "701984"`, ['BJensen']],
    [`${ENTERPRISE}:manager.value eq "${USER.jsmith}"`, ['BJensen']],
    [`manager.value eq "${USER.jsmith.toUpperCase()}"`, ['BJensen']],
    ['manager.value eq "not-a-uuid"', []],
    ['manager.displayName eq "john smith"', ['BJensen']],
    ['department eq "sales"', ['jsmith']],
    ['name.givenName sw "bar"', ['BJensen']],
  ]);
});

describe('compiled SQL', () => {
  test('numbers its parameters after the caller’s own', () => {
    const params = new SqlParams([ORG, 'second']);
    const sql = compileFilter(
      parseFilter('userName eq "a" or title co "b"'),
      USER_FILTER_TARGET,
      params,
    );
    expect(sql).toContain('$3');
    expect(sql).toContain('$4');
    expect(params.values).toEqual([ORG, 'second', 'a', '%b%']);
  });

  test('carries values only as parameters', () => {
    const params = new SqlParams();
    const sql = compileFilter(parseFilter(`title eq "x' OR '1'='1"`), USER_FILTER_TARGET, params);
    expect(sql).not.toContain("'1'='1");
    expect(params.values).toEqual(["x' OR '1'='1"]);
  });

  test('leaves lower(user_name) = … usable by a functional index', async () => {
    const params = new SqlParams([ORG]);
    const where = compileFilter(parseFilter('userName eq "bjensen"'), USER_FILTER_TARGET, params);
    await db.exec('SET enable_seqscan = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT m.id FROM members m WHERE m.org_id = $1 AND ${where}`,
      params.values,
    );
    await db.exec('RESET enable_seqscan');
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
      'members_user_name_lower',
    );
  });
});
