import { Router } from 'express';

import { setSessionCookie } from '../../access/sessions/session-cookie.js';
import type { AdminDeps } from '../../admin/admin-deps.js';
import { TooManyAttemptsError } from './break-glass-errors.js';
import { readSignInRequest } from './read-sign-in-request.js';
import { signInBreakGlass } from './sign-in-break-glass.js';

/** `POST /auth/break-glass`: the owner's local sign-in (DESIGN rule 4). */
export function createBreakGlassRoutes(deps: AdminDeps): Router {
  const router = Router();
  const secure = deps.publicUrl.startsWith('https:');

  router.post('/break-glass', async (req, res) => {
    const request = readSignInRequest(req.body);
    res.set('Cache-Control', 'no-store');
    let signedIn;
    try {
      signedIn = await signInBreakGlass(deps, request, req.context);
    } catch (e: unknown) {
      // RFC 6585 §4: say when to come back.
      if (e instanceof TooManyAttemptsError) res.set('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }

    const { session, account, authenticatedAt } = signedIn;
    setSessionCookie(res, session.cookieValue, { secure, expires: session.absoluteExpiresAt });
    res.json({
      member: { id: account.memberId, userName: account.userName },
      organization: { id: account.orgId, slug: account.orgSlug },
      authenticatedAt: authenticatedAt.toISOString(),
      method: 'break_glass',
    });
  });
  return router;
}
