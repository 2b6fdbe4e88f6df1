import { createSession } from '../../src/access/sessions/create-session.js';
import { SESSION_COOKIE } from '../../src/access/sessions/session-cookie.js';
import type { SessionMethod } from '../../entities/session.js';
import { recordTestSecret, secretPartOf } from './secret-ledger.js';
import type { TestApp } from './test-app.js';

/** A member row made directly, with a built-in or custom role by name. */
export async function createMember(
  t: TestApp,
  orgId: string,
  userName: string,
  roleName = 'member',
): Promise<string> {
  const [{ id }] = await t.db.query(
    `INSERT INTO members (org_id, role_id, status, source, user_name, emails)
     SELECT $1, r.id, 'active', 'bootstrap', $2, $3 FROM roles r
      WHERE r.org_id = $1 AND r.name = $4
     RETURNING id`,
    [orgId, userName, JSON.stringify([{ value: userName, primary: true }]), roleName],
  );
  return id;
}

/**
 * A signed-in member, as if they had just completed a sign-in; `authenticatedAt` defaults to the
 * test clock's now. Returns the headers a browser would send on a state-changing request.
 */
export async function signIn(
  t: TestApp,
  orgId: string,
  memberId: string,
  options: { authenticatedAt?: Date; method?: SessionMethod } = {},
) {
  const session = await t.db.transaction((manager) =>
    createSession(manager, t.keyring, {
      orgId,
      memberId,
      method: options.method ?? 'sso_oidc',
      mfaEvidence: [],
      at: options.authenticatedAt ?? t.clock.now(),
    }),
  );
  recordTestSecret('session cookie', secretPartOf(session.cookieValue));
  return {
    sessionId: session.sessionId,
    headers: {
      Cookie: `${SESSION_COOKIE}=${session.cookieValue}`,
      'X-Tessera-CSRF': '1',
    },
  };
}
