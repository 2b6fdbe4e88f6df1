import { Router, type Request } from 'express';
import { z } from 'zod';

import { guard, principalOf, sameOrganization } from '../../access/guards.js';
import { isUuid } from '../../db/uuid.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { changeMemberRole, type Caller } from '../../members/change-member-role.js';
import { listMembers, type MemberListQuery } from '../../members/list-members.js';
import { findMember } from '../../members/member-row.js';
import { memberView } from '../../members/member-view.js';
import { removeMember } from '../../members/remove-member.js';
import { transferOwnership } from '../../members/transfer-ownership.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { parseBody, pathId, queryChoice, queryValue, readPage } from '../admin-input.js';

const ROLE_BODY = z.strictObject({ roleId: z.string().trim().min(1).max(100) });
const STATUSES = ['active', 'suspended', 'deprovisioned'] as const;

/** `?role=&status=&team=&limit=&cursor=`; a malformed filter is 400 naming it. */
function readListQuery(req: Request): MemberListQuery {
  const team = queryValue(req, 'team');
  if (team !== undefined && !isUuid(team)) throw new ValidationError('team: must be a team id');
  return {
    role: queryValue(req, 'role'),
    status: queryChoice(req, 'status', STATUSES),
    team,
    ...readPage(req),
  };
}

/** Who asks: the member and what they hold, for the rule-9 checks of the domain functions. */
export function callerOf(req: Request): Caller {
  const principal = principalOf(req);
  return { memberId: principal.memberId, permissions: principal.permissions };
}

/**
 * `/api/v1/orgs/{orgId}/members`: any member of the organization may read; role changes,
 * ownership transfer and removal need a fresh session (rule 2), so no API key can change who
 * belongs or with what role. Removal needs `member.delete`.
 */
export function createMembersRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const { clock } = deps;

  router.get('/', sameOrganization, async (req, res) => {
    const page = await listMembers(deps.db.manager, principalOf(req).orgId, readListQuery(req));
    res.json({ data: page.members.map(memberView), nextCursor: page.nextCursor });
  });

  router.get('/:memberId', sameOrganization, async (req, res) => {
    const id = pathId(req, 'memberId', 'member');
    const member = await findMember(deps.db.manager, principalOf(req).orgId, id);
    if (!member) throw new NotFoundError('no such member in this organization');
    res.json(memberView(member));
  });

  router.patch(
    '/:memberId/role',
    guard(clock, 'member.update', { fresh: true }),
    async (req, res) => {
      const memberId = pathId(req, 'memberId', 'member');
      const { roleId } = parseBody(ROLE_BODY, req.body);
      const member = await runAdminChange(deps, req, (manager, change) =>
        changeMemberRole(manager, { memberId, roleId, caller: callerOf(req) }, change),
      );
      res.json(memberView(member));
    },
  );

  router.delete('/:memberId', guard(clock, 'member.delete', { fresh: true }), async (req, res) => {
    const memberId = pathId(req, 'memberId', 'member');
    await runAdminChange(deps, req, (manager, change) =>
      removeMember(manager, { memberId, caller: callerOf(req) }, change),
    );
    res.status(204).end();
  });

  router.post(
    '/:memberId/transfer-ownership',
    guard(clock, 'member.update', { fresh: true }),
    async (req, res) => {
      const memberId = pathId(req, 'memberId', 'member');
      const callerId = principalOf(req).memberId;
      const result = await runAdminChange(deps, req, (manager, change) =>
        transferOwnership(manager, { memberId, callerId }, change),
      );
      res.json({
        owner: memberView(result.owner),
        previousOwner: memberView(result.previousOwner),
      });
    },
  );
  return router;
}
