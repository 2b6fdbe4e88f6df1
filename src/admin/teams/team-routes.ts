import { Router } from 'express';
import { z } from 'zod';

import { guard, principalOf, sameOrganization } from '../../access/guards.js';
import { countTeamMembers, listTeamMemberPage, listTeams } from '../../teams/list-teams.js';
import { findTeam } from '../../teams/team-row.js';
import { createTeam, deleteTeam, touchTeam, updateTeamAttributes } from '../../teams/write-team.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { parseBody, readPage } from '../admin-input.js';
import { lockManualTeam, requireTeam } from './team-lookup.js';
import { addTeamMemberRoutes } from './team-member-routes.js';
import { teamMemberView, teamSummaryView, teamView } from './team-view.js';

const TEAM_BODY = z.strictObject({ displayName: z.string().trim().min(1).max(200) });

/**
 * `/api/v1/orgs/{orgId}/teams`: any member may read; writes need `team.*`. Teams a SCIM
 * directory made are its own: manual renames, deletes and membership changes are 409
 * `directory_managed`.
 */
export function createTeamRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  addTeamReadRoutes(router, deps);
  addTeamWriteRoutes(router, deps);
  addTeamMemberRoutes(router, deps);
  return router;
}

function addTeamReadRoutes(router: Router, deps: AdminDeps): void {
  router.get('/', sameOrganization, async (req, res) => {
    const { data, nextCursor } = await listTeams(
      deps.db.manager,
      principalOf(req).orgId,
      readPage(req),
    );
    res.json({ data: data.map(teamSummaryView), nextCursor });
  });

  // The members come a page at a time: a directory group can hold tens of thousands.
  router.get('/:teamId', sameOrganization, async (req, res) => {
    const page = readPage(req);
    const team = await requireTeam(deps.db.manager, req);
    const members = await listTeamMemberPage(deps.db.manager, team.id, page);
    res.json({
      ...teamView(team, await countTeamMembers(deps.db.manager, team.id)),
      members: members.data.map(teamMemberView),
      nextCursor: members.nextCursor,
    });
  });
}

function addTeamWriteRoutes(router: Router, deps: AdminDeps): void {
  router.post('/', guard(deps.clock, 'team.create'), async (req, res) => {
    const { displayName } = parseBody(TEAM_BODY, req.body);
    const team = await runAdminChange(deps, req, (manager, change) => {
      const attributes = { displayName, externalId: null };
      return createTeam(
        manager,
        { orgId: change.orgId, attributes, scimConnectionId: null },
        change,
      );
    });
    res.status(201).json(teamView(team, 0));
  });

  router.patch('/:teamId', guard(deps.clock, 'team.update'), async (req, res) => {
    const { displayName } = parseBody(TEAM_BODY, req.body);
    const team = await runAdminChange(deps, req, async (manager, change) => {
      const current = await lockManualTeam(manager, req);
      if (displayName === current.displayName) return current;
      const attributes = { displayName, externalId: current.externalId };
      await updateTeamAttributes(manager, current, attributes, change);
      await touchTeam(manager, current, change.at);
      return (await findTeam(manager, change.orgId, current.id))!;
    });
    res.json(teamView(team, await countTeamMembers(deps.db.manager, team.id)));
  });

  router.delete('/:teamId', guard(deps.clock, 'team.delete'), async (req, res) => {
    await runAdminChange(deps, req, async (manager, change) => {
      await deleteTeam(manager, await lockManualTeam(manager, req), change);
    });
    res.status(204).end();
  });
}
