import type { Request } from 'express';
import type { EntityManager } from 'typeorm';

import { principalOf } from '../../access/guards.js';
import { NotFoundError } from '../../errors.js';
import { findMember } from '../../members/member-row.js';
import { DirectoryManagedError } from '../../teams/team-errors.js';
import { findTeam, type TeamRecord } from '../../teams/team-row.js';

/** The `:teamId` team of the caller's organization; any other id (malformed too) is 404. */
export async function requireTeam(
  manager: EntityManager,
  req: Request,
  forUpdate = false,
): Promise<TeamRecord> {
  const orgId = principalOf(req).orgId;
  const team = await findTeam(manager, orgId, String(req.params.teamId), { forUpdate });
  if (!team) throw new NotFoundError('no such team in this organization');
  return team;
}

/**
 * The team, locked for a manual change, refused when a SCIM directory owns it: the IdP is that
 * team's source of truth and would undo the change at its next sync.
 */
export async function lockManualTeam(manager: EntityManager, req: Request): Promise<TeamRecord> {
  const team = await requireTeam(manager, req, true);
  if (team.scimConnectionId !== null) throw new DirectoryManagedError();
  return team;
}

/** The `:memberId` live member of the caller's organization; anyone else (rule 7) is 404. */
export async function requireMemberId(manager: EntityManager, req: Request): Promise<string> {
  const member = await findMember(manager, principalOf(req).orgId, String(req.params.memberId));
  if (!member) throw new NotFoundError('no such member in this organization');
  return member.id;
}
