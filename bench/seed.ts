import { performance } from 'node:perf_hooks';

import type { DataSource } from 'typeorm';

import type { AuditActor } from '../src/audit/record-audit-event.js';
import { createOrganization, findBuiltinRoleId } from '../src/orgs/create-organization.js';
import { createScimConnection } from '../src/scim/connections/create-scim-connection.js';
import type { Keyring } from '../src/secrets/keyring.js';

/** What the phases run against: one organization, its directory, two groups. */
export interface SeededOrg {
  orgId: string;
  connectionId: string;
  token: string;
  /** The `members` seeded members, in userName order; all are in the large group. */
  memberIds: string[];
  /** Extra seeded members in neither group, each added and removed once by the group phase. */
  reserveIds: string[];
  smallTeamId: string;
  largeTeamId: string;
  smallTeamSize: number;
  /** Wall time of each seeding step, in seconds. */
  seconds: Record<string, number>;
}

export const SMALL_TEAM_SIZE = 10;
const OPERATOR: AuditActor = { type: 'operator', id: null };

/** `user000123@bench.example`: fixed width, so text order is numeric order. */
export function benchUserName(index: number, width: number): string {
  return `user${String(index).padStart(width, '0')}@bench.example`;
}

const INSERT_MEMBERS = `
  INSERT INTO members (org_id, role_id, status, source, scim_connection_id, user_name,
    external_id, display_name, name_given_name, name_family_name, emails, created_at, updated_at)
  SELECT $1, $2, 'active', 'scim', $3, u.user_name, 'bench-' || u.n, 'Bench User ' || u.n,
    'Bench', 'User ' || u.n,
    jsonb_build_array(jsonb_build_object('value', u.user_name, 'type', 'work', 'primary', true)),
    u.at, u.at
  FROM (
    SELECT lpad(i::text, $5::int, '0') AS n,
      'user' || lpad(i::text, $5::int, '0') || '@bench.example' AS user_name,
      $6::timestamptz - ($4::int - i) * interval '1 millisecond' AS at
    FROM generate_series(0, $4::int - 1) AS i
  ) u`;

const INSERT_TEAM = `
  INSERT INTO teams (org_id, display_name, external_id, scim_connection_id, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`;

/** Members whose userName sorts below the bound: the first `k` seeded members. */
const INSERT_TEAM_MEMBERS = `
  INSERT INTO team_members (team_id, member_id, created_at)
  SELECT $1, m.id, $4 FROM members m WHERE m.org_id = $2 AND m.user_name < $3`;

/**
 * Seeds through Tessera's own functions where a row has logic behind it (organization, roles,
 * connection, token), and with set-based SQL where it is plain data (members, memberships).
 */
export async function seedOrganization(
  db: DataSource,
  keyring: Keyring,
  sizes: { members: number; reserve: number },
  slug = 'bench',
): Promise<SeededOrg> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    seconds[step] = round((performance.now() - started) / 1000);
    return result;
  };

  const at = new Date();
  const { orgId, connectionId, token } = await timed('organization', () =>
    createOrgWithDirectory(db, keyring, slug, at),
  );
  const total = sizes.members + sizes.reserve;
  const width = Math.max(6, String(total - 1).length);
  const roleId = await findBuiltinRoleId(db.manager, orgId, 'member');
  await timed('members', () =>
    db.query(INSERT_MEMBERS, [orgId, roleId, connectionId, total, width, at]),
  );

  const team = (name: string, bound: number) =>
    createTeamWithMembers(db, {
      orgId,
      connectionId,
      name,
      bound: benchUserName(bound, width),
      at,
    });
  const smallTeamId = await timed('smallTeam', () => team('Bench small', SMALL_TEAM_SIZE));
  const largeTeamId = await timed('largeTeam', () => team('Bench large', sizes.members));
  // VACUUM as well as ANALYZE: it sets the visibility map a long-lived table has, and keeps
  // autovacuum from starting on the fresh rows in the middle of a measured phase.
  await timed('vacuumAnalyze', () => db.query('VACUUM (ANALYZE)'));

  const rows: { id: string }[] = await db.query(
    'SELECT id FROM members WHERE org_id = $1 ORDER BY user_name',
    [orgId],
  );
  const ids = rows.map((r) => r.id);
  return {
    orgId,
    connectionId,
    token,
    memberIds: ids.slice(0, sizes.members),
    reserveIds: ids.slice(sizes.members),
    smallTeamId,
    largeTeamId,
    smallTeamSize: Math.min(SMALL_TEAM_SIZE, sizes.members),
    seconds,
  };
}

async function createOrgWithDirectory(db: DataSource, keyring: Keyring, slug: string, at: Date) {
  return db.transaction(async (manager) => {
    const org = await createOrganization(manager, {
      name: `Tessera benchmark ${slug}`,
      slug,
      actor: OPERATOR,
      at,
    });
    const connection = await createScimConnection(manager, keyring, {
      orgId: org.id,
      name: 'Benchmark directory',
      actor: OPERATOR,
      at,
    });
    return { orgId: org.id, connectionId: connection.connectionId, token: connection.token };
  });
}

/** A directory-managed team (SCIM sees no other kind) holding the first members up to `bound`. */
async function createTeamWithMembers(
  db: DataSource,
  input: { orgId: string; connectionId: string; name: string; bound: string; at: Date },
): Promise<string> {
  const [{ id }] = await db.query(INSERT_TEAM, [
    input.orgId,
    input.name,
    `bench-${input.name.toLowerCase().replace(/\W+/g, '-')}`,
    input.connectionId,
    input.at,
  ]);
  await db.query(INSERT_TEAM_MEMBERS, [id, input.orgId, input.bound, input.at]);
  return id;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
