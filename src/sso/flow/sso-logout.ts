import type { AdminDeps } from '../../admin/admin-deps.js';
import { loadSsoConnection } from '../connections/load-sso-connection.js';
import { buildSamlLogoutUrl } from '../saml/index.js';

/**
 * For a session that came through SAML, the IdP's single-logout URL (SAML Profiles §4.4,
 * HTTP-Redirect) to send the browser to after the local session ends; null when the session
 * is not SAML, the IdP publishes no SLO endpoint, or the request cannot be built. Local sign-out
 * never depends on it: a failure here is logged and sign-out goes on.
 */
export async function buildSsoLogoutUrl(
  deps: AdminDeps,
  sessionId: string,
  requestId: string,
): Promise<string | null> {
  const [session] = await deps.db.query(
    `SELECT method, sso_connection_id, sso_name_id, sso_name_id_format, sso_session_index
       FROM sessions WHERE id = $1`,
    [sessionId],
  );
  if (session?.method !== 'sso_saml' || !session.sso_connection_id || !session.sso_name_id) {
    return null;
  }
  try {
    const connection = await loadSsoConnection(deps.db.manager, session.sso_connection_id);
    if (!connection || connection.protocol !== 'saml') return null;
    return await buildSamlLogoutUrl(deps, connection, {
      nameId: session.sso_name_id,
      nameIdFormat: session.sso_name_id_format,
      sessionIndex: session.sso_session_index,
    });
  } catch (e: unknown) {
    deps.logger.warn({ err: e, requestId, sessionId }, 'saml logout request not built');
    return null;
  }
}
