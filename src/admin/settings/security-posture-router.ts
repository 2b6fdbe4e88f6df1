import { Router } from 'express';

import { guard, principalOf } from '../../access/guards.js';
import type { AdminDeps } from '../admin-deps.js';
import { judgeSecurityPosture } from './judge-security-posture.js';
import { readPostureFacts } from './read-security-posture.js';

/**
 * `GET /security-posture`: what an owner should fix. It needs `security_configuration.manage`,
 * the permission of the people who can act on it, since it names API keys and directories; a
 * read changes nothing, so no fresh session is needed.
 */
export function createSecurityPostureRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/', guard(deps.clock, 'security_configuration.manage'), async (req, res) => {
    const facts = await readPostureFacts(deps.db.manager, principalOf(req).orgId, deps.clock.now());
    res.set('Cache-Control', 'no-store').json(judgeSecurityPosture(facts));
  });
  return router;
}
