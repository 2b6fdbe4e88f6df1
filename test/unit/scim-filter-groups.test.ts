import type { PGlite } from '@electric-sql/pglite';

import { compileFilter } from '../../src/scim/filter/compile.js';
import {
  createGroupFilterTarget,
  GROUP_FILTER_TARGET,
} from '../../src/scim/filter/group-attributes.js';
import { parseFilter } from '../../src/scim/filter/parse.js';
import { SqlParams } from '../../src/scim/filter/sql-params.js';
import {
  createFilterDatabase,
  ORG,
  selectGroupNames,
  selectUserNames,
  TEAM,
  USER,
} from './scim-filter-db.js';

let db: PGlite;
beforeAll(async () => {
  db = await createFilterDatabase();
});
afterAll(async () => {
  await db.close();
});

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('RFC 7643 §4.2 Group members', () => {
  test.each([
    [`members eq "${USER.bjensen}"`, ['Engineering']],
    [`members.value eq "${USER.bjensen}"`, ['Engineering']],
    [`members[value eq "${USER.bjensen}"]`, ['Engineering']],
    [`${GROUP}:members eq "${USER.bjensen.toUpperCase()}"`, ['Engineering']],
    ['members eq "not-a-uuid"', []],
    [`members ne "${USER.bjensen}"`, ['Empty', 'Engineering', 'Sales']],
    [`not (members eq "${USER.bjensen}")`, ['Empty', 'Sales']],
    ['members pr', ['Engineering', 'Sales']],
    ['not (members pr)', ['Empty']],
    ['members.display eq "babs jensen"', ['Engineering']],
    ['members[type eq "User" and display sw "John"]', ['Engineering']],
    ['displayName sw "eng"', ['Engineering']],
    ['externalId eq "eng"', ['Engineering']],
    ['externalId eq "ENG"', []],
    [`id eq "${TEAM.sales}"`, ['Sales']],
    ['meta.created ge "2025-01-01T00:00:00Z"', ['Empty', 'Engineering', 'Sales']],
  ])('%s', async (filter, expected) => {
    expect(await selectGroupNames(db, filter)).toEqual(expected);
  });

  test('members eq is one EXISTS on team_members, answered from an index', async () => {
    const params = new SqlParams([ORG]);
    const filter = parseFilter(`members eq "${USER.bjensen}"`);
    const where = compileFilter(filter, GROUP_FILTER_TARGET, params);
    expect(where.match(/EXISTS/g)).toHaveLength(1);
    expect(where.match(/team_members/g)).toHaveLength(1);
    expect(where).not.toContain('::text');

    await db.exec('SET enable_seqscan = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT t.id FROM teams t WHERE t.org_id = $1 AND ${where}`,
      params.values,
    );
    await db.exec('RESET enable_seqscan');
    // member_id = $2::uuid is an index condition, whichever team_members index the planner picks.
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
      /Index Cond: .*member_id = '[0-9a-f-]+'::uuid/,
    );
  });
});

describe('RFC 7643 §4.1.2 User groups', () => {
  test.each([
    [`groups eq "${TEAM.engineering}"`, ['BJensen', 'jsmith']],
    [`groups.value eq "${TEAM.sales}"`, ['rate_100%']],
    ['groups.display eq "sales"', ['rate_100%']],
    ['groups[display eq "Engineering" and type eq "direct"]', ['BJensen', 'jsmith']],
    ['groups pr', ['BJensen', 'jsmith', 'rate_100%']],
    ['not (groups pr)', ['corrupt', 'paren', 'rateX100Y']],
  ])('%s', async (filter, expected) => {
    expect(await selectUserNames(db, filter)).toEqual(expected);
  });
});

describe('table aliases', () => {
  test('the compiled SQL uses the alias the caller names', async () => {
    const params = new SqlParams([ORG]);
    const filter = parseFilter('displayName eq "sales" or members pr');
    const where = compileFilter(filter, createGroupFilterTarget('grp'), params);
    const result = await db.query<{ display_name: string }>(
      `SELECT grp.display_name FROM teams grp WHERE grp.org_id = $1 AND ${where}`,
      params.values,
    );
    expect(result.rows.map((row) => row.display_name).sort()).toEqual(['Engineering', 'Sales']);
  });

  test.each(['t; DROP TABLE teams', 'T', 'scim_e', ''])('%j is refused as an alias', (alias) => {
    expect(() => createGroupFilterTarget(alias)).toThrow(TypeError);
  });
});
