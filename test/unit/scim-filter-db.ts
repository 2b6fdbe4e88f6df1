/**
 * A PGlite database with the `members`, `teams` and `team_members` columns the filter maps
 * expect, and a handful of rows whose differences the filter tests probe. Shared by the
 * scim-filter-* suites; not a test itself.
 */
import { PGlite } from '@electric-sql/pglite';

import { compileFilter } from '../../src/scim/filter/compile.js';
import { GROUP_FILTER_TARGET } from '../../src/scim/filter/group-attributes.js';
import { parseFilter } from '../../src/scim/filter/parse.js';
import { SqlParams } from '../../src/scim/filter/sql-params.js';
import { USER_FILTER_TARGET } from '../../src/scim/filter/user-attributes.js';

export const ORG = '00000000-0000-4000-a000-00000000000a';
export const OTHER_ORG = '00000000-0000-4000-a000-00000000000b';

export const USER = {
  bjensen: '10000000-0000-4000-a000-000000000001',
  jsmith: '10000000-0000-4000-a000-000000000002',
  rateUnderscore: '10000000-0000-4000-a000-000000000003',
  rateLetters: '10000000-0000-4000-a000-000000000004',
  paren: '10000000-0000-4000-a000-000000000005',
  corrupt: '10000000-0000-4000-a000-000000000006',
  otherOrg: '10000000-0000-4000-a000-000000000007',
};

export const TEAM = {
  engineering: '20000000-0000-4000-a000-000000000001',
  sales: '20000000-0000-4000-a000-000000000002',
  empty: '20000000-0000-4000-a000-000000000003',
};

const CREATE_TABLES = `
  CREATE TABLE members (
    id uuid PRIMARY KEY, org_id uuid NOT NULL, status text NOT NULL, user_name text NOT NULL,
    external_id text, display_name text, name_formatted text, name_family_name text,
    name_given_name text, name_middle_name text, name_honorific_prefix text,
    name_honorific_suffix text, nick_name text, profile_url text, title text, user_type text,
    preferred_language text, locale text, timezone text,
    emails jsonb NOT NULL DEFAULT '[]', phone_numbers jsonb NOT NULL DEFAULT '[]',
    ims jsonb NOT NULL DEFAULT '[]', photos jsonb NOT NULL DEFAULT '[]',
    addresses jsonb NOT NULL DEFAULT '[]', entitlements jsonb NOT NULL DEFAULT '[]',
    scim_roles jsonb NOT NULL DEFAULT '[]', x509_certificates jsonb NOT NULL DEFAULT '[]',
    employee_number text, cost_center text, organization_name text, division text,
    department text, manager_id uuid, created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL, version integer NOT NULL DEFAULT 1
  );
  CREATE INDEX members_user_name_lower ON members (org_id, lower(user_name));
  CREATE TABLE teams (
    id uuid PRIMARY KEY, org_id uuid NOT NULL, display_name text NOT NULL, external_id text,
    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1
  );
  CREATE TABLE team_members (
    team_id uuid NOT NULL REFERENCES teams (id), member_id uuid NOT NULL REFERENCES members (id),
    PRIMARY KEY (team_id, member_id)
  );
  CREATE INDEX team_members_member ON team_members (member_id);
`;

type Row = Record<string, unknown>;

/** Each row differs from the others in what one group of tests looks at. */
const MEMBERS: Row[] = [
  {
    id: USER.bjensen,
    status: 'active',
    user_name: 'BJensen',
    external_id: 'Ext-1',
    display_name: 'Babs Jensen',
    name_given_name: 'Barbara',
    name_family_name: 'Jensen',
    title: 'Tour Guide',
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@home.example', type: 'home' },
    ],
    addresses: [{ locality: 'Hollywood', type: 'work', primary: true }],
    employee_number: '701984',
    department: 'Tour Operations',
    manager_id: USER.jsmith,
    created_at: '2025-01-10T09:00:00Z',
    updated_at: '2025-12-31T22:00:00.123456Z',
  },
  {
    id: USER.jsmith,
    status: 'suspended',
    user_name: 'jsmith',
    external_id: 'ext-1',
    display_name: 'John Smith',
    name_given_name: 'John',
    emails: [
      { value: 'jsmith@example.org', type: 'home', primary: true },
      { value: 'john@work.example', type: 'work' },
    ],
    department: 'Sales',
    created_at: '2025-02-10T09:00:00Z',
    updated_at: '2025-12-31T22:00:00.123457Z',
  },
  {
    id: USER.rateUnderscore,
    status: 'active',
    user_name: 'rate_100%',
    title: 'Analyst',
    emails: [{ value: 'rate@example.com', type: 'Work', primary: 'true' }],
    created_at: '2025-03-10T09:00:00Z',
    updated_at: '2026-03-01T00:00:00Z',
  },
  {
    id: USER.rateLetters,
    status: 'deprovisioned',
    user_name: 'rateX100Y',
    title: '',
    created_at: '2025-04-10T09:00:00Z',
    updated_at: '2025-06-01T00:00:00Z',
  },
  {
    id: USER.paren,
    status: 'active',
    user_name: 'paren',
    display_name: 'Paren) and \\ back"slash',
    emails: [{ value: 'PAREN@Example.COM' }, { value: 'second@example.net', primary: true }],
    created_at: '2025-05-10T09:00:00Z',
    updated_at: '2025-05-10T09:00:00Z',
  },
  {
    id: USER.corrupt,
    status: 'active',
    user_name: 'corrupt',
    emails: { value: 'not-a-list@example.com' },
    phone_numbers: ['+1 555 0100', { value: '+1 555 0101', primary: 'yes' }],
    created_at: '2025-06-10T09:00:00Z',
    updated_at: '2025-06-10T09:00:00Z',
  },
  {
    id: USER.otherOrg,
    org_id: OTHER_ORG,
    status: 'active',
    user_name: 'bjensen',
    created_at: '2025-06-10T09:00:00Z',
    updated_at: '2025-06-10T09:00:00Z',
  },
];

const TEAMS: Row[] = [
  { id: TEAM.engineering, display_name: 'Engineering', external_id: 'eng' },
  { id: TEAM.sales, display_name: 'Sales' },
  { id: TEAM.empty, display_name: 'Empty' },
];

const MEMBERSHIPS: [string, string][] = [
  [TEAM.engineering, USER.bjensen],
  [TEAM.engineering, USER.jsmith],
  [TEAM.sales, USER.rateUnderscore],
];

/** A fresh in-memory database holding the rows above. */
export async function createFilterDatabase(): Promise<PGlite> {
  const db = new PGlite();
  await db.exec(CREATE_TABLES);
  for (const member of MEMBERS) await insertRow(db, 'members', { org_id: ORG, ...member });
  for (const team of TEAMS) {
    const times = { created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
    await insertRow(db, 'teams', { org_id: ORG, ...times, ...team });
  }
  for (const [teamId, memberId] of MEMBERSHIPS) {
    await insertRow(db, 'team_members', { team_id: teamId, member_id: memberId });
  }
  return db;
}

async function insertRow(db: PGlite, table: string, row: Row): Promise<void> {
  const columns = Object.keys(row);
  const values = Object.values(row).map((v) => (typeof v === 'object' ? JSON.stringify(v) : v));
  const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})`, values);
}

/** The sorted user names of ORG's members that `filter` selects. */
export async function selectUserNames(db: PGlite, filter: string): Promise<string[]> {
  const params = new SqlParams([ORG]);
  const where = compileFilter(parseFilter(filter), USER_FILTER_TARGET, params);
  const sql = `SELECT m.user_name FROM members m WHERE m.org_id = $1 AND ${where}`;
  const result = await db.query<{ user_name: string }>(sql, params.values);
  return result.rows.map((row) => row.user_name).sort();
}

/** The sorted display names of ORG's teams that `filter` selects. */
export async function selectGroupNames(db: PGlite, filter: string): Promise<string[]> {
  const params = new SqlParams([ORG]);
  const where = compileFilter(parseFilter(filter), GROUP_FILTER_TARGET, params);
  const sql = `SELECT t.display_name FROM teams t WHERE t.org_id = $1 AND ${where}`;
  const result = await db.query<{ display_name: string }>(sql, params.values);
  return result.rows.map((row) => row.display_name).sort();
}
