import type { Router } from 'express';

import { guard } from '../../access/guards.js';
import { NotFoundError } from '../../errors.js';
import { addTeamMember, removeTeamMember } from '../../teams/team-member.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { lockManualTeam, requireMemberId } from './team-lookup.js';

/** `PUT` and `DELETE teams/{teamId}/members/{memberId}`: one member at a time (`team.update`). */
export function addTeamMemberRoutes(router: Router, deps: AdminDeps): void {
  const path = '/:teamId/members/:memberId';

  router.put(path, guard(deps.clock, 'team.update'), async (req, res) => {
    await runAdminChange(deps, req, async (manager, change) => {
      const team = await lockManualTeam(manager, req);
      await addTeamMember(manager, team, await requireMemberId(manager, req), change);
    });
    res.status(204).end();
  });

  router.delete(path, guard(deps.clock, 'team.update'), async (req, res) => {
    await runAdminChange(deps, req, async (manager, change) => {
      const team = await lockManualTeam(manager, req);
      const memberId = await requireMemberId(manager, req);
      if (!(await removeTeamMember(manager, team, memberId, change))) {
        throw new NotFoundError('the member is not in this team');
      }
    });
    res.status(204).end();
  });
}
