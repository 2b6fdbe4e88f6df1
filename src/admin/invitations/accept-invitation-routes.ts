import { Router } from 'express';
import { z } from 'zod';

import { redeemInvitation } from '../../members/invitations/redeem-invitation.js';
import { memberView } from '../../members/member-view.js';
import type { AdminDeps } from '../admin-deps.js';
import { parseBody } from '../admin-input.js';

const ACCEPT_BODY = z.strictObject({ token: z.string().min(1).max(200) });

/**
 * `POST /auth/invitations/accept { token }`: no session, the token is the credential. The member
 * and the accepted invitation commit together with their audit events; an invitation its inviter
 * no longer backs is canceled and refused (409 `invitation_no_longer_valid`).
 */
export function createAcceptInvitationRoutes(deps: AdminDeps): Router {
  const router = Router();

  router.post('/invitations/accept', async (req, res) => {
    const { token } = parseBody(ACCEPT_BODY, req.body);
    const member = await redeemInvitation(deps, {
      token,
      context: req.context,
      at: deps.clock.now(),
    });
    const [org] = await deps.db.query('SELECT slug FROM organizations WHERE id = $1', [
      member.orgId,
    ]);
    res.status(201).json({
      member: memberView(member),
      organization: { id: member.orgId, slug: org.slug },
    });
  });
  return router;
}
