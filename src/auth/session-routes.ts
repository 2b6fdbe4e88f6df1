import { Router } from 'express';

import { UnauthenticatedError } from '../access/access-errors.js';
import { createAuthenticate } from '../access/authenticate.js';
import { clearSessionCookie } from '../access/sessions/session-cookie.js';
import type { AdminDeps } from '../admin/admin-deps.js';
import { buildSsoLogoutUrl } from '../sso/flow/index.js';

/** `GET /auth/session` says who the caller is; `POST /auth/logout` ends the session. */
export function createSessionRoutes(deps: AdminDeps): Router {
  const router = Router();
  const secure = deps.publicUrl.startsWith('https:');
  router.use(createAuthenticate(deps));

  // An API key may ask too: the answer then names the key, and `authenticatedAt` is null
  // because a key never signed in (and so never counts as a fresh session).
  router.get('/session', async (req, res) => {
    const principal = req.principal;
    if (!principal) throw new UnauthenticatedError();
    const [member] = await deps.db.query(
      `SELECT m.user_name, o.slug FROM members m JOIN organizations o ON o.id = m.org_id
        WHERE m.id = $1`,
      [principal.memberId],
    );
    res.json({
      member: { id: principal.memberId, userName: member.user_name },
      organization: { id: principal.orgId, slug: member.slug },
      role: { id: principal.roleId, name: principal.roleName },
      permissions: [...principal.permissions].sort(),
      ...(principal.kind === 'session'
        ? { authenticatedAt: principal.authenticatedAt.toISOString(), method: principal.method }
        : { authenticatedAt: null, method: 'api_key', apiKey: { id: principal.apiKeyId } }),
    });
  });

  // A SAML session also learns the IdP's single-logout URL (200 `{ sloRedirectUrl }`) when the
  // IdP has one; the local session ends either way, before the answer.
  router.post('/logout', async (req, res) => {
    const principal = req.principal;
    let sloRedirectUrl: string | null = null;
    if (principal?.kind === 'session') {
      sloRedirectUrl = await buildSsoLogoutUrl(deps, principal.sessionId, req.context.requestId);
      await deps.db.query('DELETE FROM sessions WHERE id = $1', [principal.sessionId]);
    }
    clearSessionCookie(res, secure);
    if (sloRedirectUrl) res.set('Cache-Control', 'no-store').status(200).json({ sloRedirectUrl });
    else res.status(204).end();
  });
  return router;
}
