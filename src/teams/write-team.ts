import type { EntityManager } from 'typeorm';

import { recordAuditEvent } from '../audit/record-audit-event.js';
import { constraintOf, isUniqueViolation } from '../db/postgres-errors.js';
import { assertIndexedFits } from '../members/profile-limits.js';
import { TeamConflictError } from './team-errors.js';
import type { MembershipChangeContext } from './team-membership.js';
import { findTeam, type TeamRecord } from './team-row.js';

function translateTeamConflict(e: unknown): never {
  if (isUniqueViolation(e)) {
    const constraint = constraintOf(e) ?? '';
    throw new TeamConflictError(constraint.includes('external_id') ? 'externalId' : 'displayName');
  }
  throw e;
}

function assertTeamFits(attributes: TeamAttributes): void {
  assertIndexedFits('displayName', attributes.displayName);
  assertIndexedFits('externalId', attributes.externalId);
}

export interface TeamAttributes {
  displayName: string;
  externalId: string | null;
}

/** Creates a team; `scimConnectionId` marks it as managed by that directory. */
export async function createTeam(
  manager: EntityManager,
  input: { orgId: string; attributes: TeamAttributes; scimConnectionId: string | null },
  change: MembershipChangeContext,
): Promise<TeamRecord> {
  assertTeamFits(input.attributes);
  let id: string;
  try {
    [{ id }] = await manager.query(
      `INSERT INTO teams (org_id, display_name, external_id, scim_connection_id, created_at,
                          updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
      [
        input.orgId,
        input.attributes.displayName,
        input.attributes.externalId,
        input.scimConnectionId,
        change.at,
      ],
    );
  } catch (e: unknown) {
    translateTeamConflict(e);
  }
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: change.actor,
    action: 'organization.team.created',
    target: { type: 'team', id },
    payload: {
      displayName: input.attributes.displayName,
      directoryManaged: !!input.scimConnectionId,
    },
    context: change.context,
    at: change.at,
  });
  return (await findTeam(manager, input.orgId, id))!;
}

/** Renames a team or changes its externalId; audited only when something changed. */
export async function updateTeamAttributes(
  manager: EntityManager,
  team: TeamRecord,
  attributes: TeamAttributes,
  change: MembershipChangeContext,
): Promise<void> {
  if (team.displayName === attributes.displayName && team.externalId === attributes.externalId) {
    return;
  }
  assertTeamFits(attributes);
  try {
    await manager.query(
      'UPDATE teams SET display_name = $2, external_id = $3, updated_at = $4 WHERE id = $1',
      [team.id, attributes.displayName, attributes.externalId, change.at],
    );
  } catch (e: unknown) {
    translateTeamConflict(e);
  }
  await recordAuditEvent(manager, {
    orgId: team.orgId,
    actor: change.actor,
    action: 'organization.team.updated',
    target: { type: 'team', id: team.id },
    payload: { displayName: attributes.displayName, previousDisplayName: team.displayName },
    context: change.context,
    at: change.at,
  });
}

/** Marks a change of the team (membership or attributes): new version, new lastModified. */
export async function touchTeam(manager: EntityManager, team: TeamRecord, at: Date): Promise<void> {
  await manager.query('UPDATE teams SET version = version + 1, updated_at = $2 WHERE id = $1', [
    team.id,
    at,
  ]);
}

export async function deleteTeam(
  manager: EntityManager,
  team: TeamRecord,
  change: MembershipChangeContext,
): Promise<void> {
  await manager.query('DELETE FROM teams WHERE id = $1', [team.id]);
  await recordAuditEvent(manager, {
    orgId: team.orgId,
    actor: change.actor,
    action: 'organization.team.deleted',
    target: { type: 'team', id: team.id },
    payload: { displayName: team.displayName },
    context: change.context,
    at: change.at,
  });
}
