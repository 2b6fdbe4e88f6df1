import { Router } from 'express';
import { z } from 'zod';

import { guard, principalOf } from '../../access/guards.js';
import { cancelInvitation } from '../../members/invitations/cancel-invitation.js';
import { createInvitation } from '../../members/invitations/create-invitation.js';
import { invitationView } from '../../members/invitations/invitation-row.js';
import { listInvitations } from '../../members/invitations/list-invitations.js';
import { refreshInvitation } from '../../members/invitations/refresh-invitation.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { callerOf } from '../members/members-router.js';
import { parseBody, pathId, queryChoice, readPage } from '../admin-input.js';

const CREATE_BODY = z.strictObject({
  // RFC 5321 §4.5.3.1.3: a path, and so an address, is at most 254 octets in practice.
  email: z.string().trim().max(254).pipe(z.email()),
  roleId: z.string().trim().min(1).max(100),
});
const STATUSES = ['pending', 'expired', 'accepted', 'canceled'] as const;

/**
 * `/api/v1/orgs/{orgId}/invitations`: listing, sending and refreshing need `invitation.create`,
 * withdrawing needs `invitation.cancel`. Sending and refreshing hand out a role, so they also
 * need a fresh session (rule 2; an API key never is), and answer the accept token once.
 */
export function createInvitationsRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const { clock, keyring } = deps;

  router.get('/', guard(clock, 'invitation.create'), async (req, res) => {
    const now = clock.now();
    const page = await listInvitations(deps.db.manager, principalOf(req).orgId, {
      status: queryChoice(req, 'status', STATUSES),
      now,
      ...readPage(req),
    });
    const data = page.invitations.map((i) => invitationView(i, now));
    res.json({ data, nextCursor: page.nextCursor });
  });

  const grantRole = guard(clock, 'invitation.create', { fresh: true });

  router.post('/', grantRole, async (req, res) => {
    const body = parseBody(CREATE_BODY, req.body);
    const issued = await runAdminChange(deps, req, (manager, change) =>
      createInvitation(manager, keyring, { ...body, caller: callerOf(req) }, change),
    );
    const view = invitationView(issued.invitation, clock.now());
    res.status(201).json({ ...view, acceptToken: issued.acceptToken });
  });

  router.post('/:invitationId/refresh', grantRole, async (req, res) => {
    const invitationId = pathId(req, 'invitationId', 'invitation');
    const issued = await runAdminChange(deps, req, (manager, change) =>
      refreshInvitation(manager, keyring, { invitationId, caller: callerOf(req) }, change),
    );
    const view = invitationView(issued.invitation, clock.now());
    res.json({ ...view, acceptToken: issued.acceptToken });
  });

  router.delete('/:invitationId', guard(clock, 'invitation.cancel'), async (req, res) => {
    const invitationId = pathId(req, 'invitationId', 'invitation');
    await runAdminChange(deps, req, (manager, change) =>
      cancelInvitation(manager, invitationId, change),
    );
    res.status(204).end();
  });
  return router;
}
