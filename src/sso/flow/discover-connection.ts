import type { EntityManager } from 'typeorm';

import { isUuid } from '../../db/uuid.js';
import { listSsoConnections, loadSsoConnection } from '../connections/load-sso-connection.js';
import { SsoError } from '../sso-errors.js';
import type { SsoConnectionRecord, SsoProtocol } from '../sso-types.js';
import { UNKNOWN_ORG } from './org-sso-policy.js';

const MAX_EMAIL = 254;

/**
 * The one answer for every "no sign-in here": an unknown slug, an unverified or unknown domain
 * and an organization without an enabled connection read the same, so the start page does not
 * tell a stranger which organizations or domains exist.
 */
export const unknownOrganization = () => new SsoError('sso_unknown_organization', UNKNOWN_ORG, 404);

/**
 * Home-realm discovery (`/sso/start`): by organization slug, or by the domain of an email
 * address — only a domain the organization VERIFIED by DNS routes anywhere, and a verified domain
 * belongs to one organization only (unique index), so an address cannot be steered elsewhere.
 */
export async function discoverConnection(
  manager: EntityManager,
  query: { org?: string; email?: string },
): Promise<SsoConnectionRecord> {
  if (query.org !== undefined) {
    const [org] = await manager.query('SELECT id FROM organizations WHERE slug = $1', [
      query.org.trim().toLowerCase().slice(0, 63),
    ]);
    if (!org) throw unknownOrganization();
    return firstEnabled(await listSsoConnections(manager, org.id));
  }

  const email = (query.email ?? '').trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (email.length > MAX_EMAIL || at < 1 || at === email.length - 1) {
    throw new SsoError(
      'invalid_email',
      'Enter your work email address, such as name@example.com.',
      400,
    );
  }
  const [domain] = await manager.query(
    `SELECT org_id, connection_id FROM sso_domains
      WHERE domain = $1 AND verified_at IS NOT NULL`,
    [email.slice(at + 1)],
  );
  if (!domain) throw unknownOrganization();
  const connections = await listSsoConnections(manager, domain.org_id);
  const chosen = connections.find((c) => c.id === domain.connection_id && c.enabled);
  return chosen ?? firstEnabled(connections);
}

/** TODO(sso-chooser): with several enabled connections the oldest wins; a chooser page is not
 * built yet because no organization needs two IdPs for one audience so far. */
function firstEnabled(connections: SsoConnectionRecord[]): SsoConnectionRecord {
  const enabled = connections.find((c) => c.enabled);
  if (!enabled) throw unknownOrganization();
  return enabled;
}

/** A connection named in a public URL, of the protocol that URL serves; else the same 404. */
export async function connectionFromUrl(
  manager: EntityManager,
  connectionId: string,
  protocol?: SsoProtocol,
): Promise<SsoConnectionRecord> {
  const connection = isUuid(connectionId) ? await loadSsoConnection(manager, connectionId) : null;
  if (!connection || (protocol && connection.protocol !== protocol)) {
    throw new SsoError('sso_unknown_connection', UNKNOWN_CONNECTION, 404);
  }
  return connection;
}

const UNKNOWN_CONNECTION =
  'This sign-in link does not lead to a single sign-on connection. Check the link, or ask your ' +
  'administrator for the current one.';
