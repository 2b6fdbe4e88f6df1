import type { EntityManager } from 'typeorm';

import { documentOf } from '../../orgs/settings-sections.js';
import { describeCertificate } from '../../sso/connections/certificates.js';
import { readSettingsRow } from '../../orgs/read-organization-settings.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A SCIM directory silent this long has probably been disconnected at the IdP. */
export const SCIM_STALE_DAYS = 30;
/** API keys expiring this soon are listed so that their owners rotate them in time. */
export const API_KEY_EXPIRY_WARNING_DAYS = 14;
/** IdP certificates expiring this soon are flagged: the admin must add the IdP's next one. */
export const IDP_CERTIFICATE_WARNING_DAYS = 30;

/** One IdP signing certificate of a SAML connection that expires soon or has expired. */
export interface IdpCertificateExpiry {
  connectionId: string;
  connectionName: string;
  subject: string;
  notAfter: string;
  expired: boolean;
}

export interface PostureFacts {
  activeOwners: number;
  /** Active owners holding a break-glass credential: the way in when SSO is broken. */
  breakGlassOwners: number;
  ssoEnforced: boolean;
  mfaRequired: boolean;
  enabledSsoConnections: number;
  scimConnections: { id: string; name: string; lastUsedAt: string | null; stale: boolean }[];
  apiKeysNearExpiry: { id: string; name: string; memberId: string; expiresAt: string }[];
  idpCertificatesNearExpiry: IdpCertificateExpiry[];
}

/** The facts the security posture is judged on, all read at one `now`. */
export async function readPostureFacts(
  manager: EntityManager,
  orgId: string,
  now: Date,
): Promise<PostureFacts> {
  const security = documentOf('security', await readSettingsRow(manager, orgId));
  // DESIGN rule 4: a credential signs in only while its holder is an active owner.
  const [owners] = await manager.query(
    `SELECT count(*)::int AS count, count(c.member_id)::int AS break_glass
       FROM members m JOIN roles r ON r.id = m.role_id
       LEFT JOIN break_glass_credentials c ON c.member_id = m.id
      WHERE m.org_id = $1 AND m.status = 'active' AND m.deleted_at IS NULL
        AND r.builtin AND r.name = 'owner'`,
    [orgId],
  );
  const [sso] = await manager.query(
    'SELECT count(*)::int AS count FROM sso_connections WHERE org_id = $1 AND enabled',
    [orgId],
  );
  return {
    activeOwners: owners.count,
    breakGlassOwners: owners.break_glass,
    ssoEnforced: security.ssoEnforced === true,
    mfaRequired: security.mfaRequired === true,
    enabledSsoConnections: sso.count,
    scimConnections: await readScimConnections(manager, orgId, now),
    apiKeysNearExpiry: await readApiKeysNearExpiry(manager, orgId, now),
    idpCertificatesNearExpiry: await readIdpCertificatesNearExpiry(manager, orgId, now),
  };
}

/** Stale: unused for 30 days, or never used and created more than 30 days ago. */
async function readScimConnections(manager: EntityManager, orgId: string, now: Date) {
  const rows: { id: string; name: string; last_used_at: Date | null; created_at: Date }[] =
    await manager.query(
      `SELECT id, name, last_used_at, created_at FROM scim_connections
        WHERE org_id = $1 ORDER BY created_at, id`,
      [orgId],
    );
  const staleBefore = now.getTime() - SCIM_STALE_DAYS * DAY_MS;
  return rows.map((row) => {
    const lastUsed = row.last_used_at === null ? null : new Date(row.last_used_at);
    const reference = lastUsed ?? new Date(row.created_at);
    return {
      id: row.id,
      name: row.name,
      lastUsedAt: lastUsed?.toISOString() ?? null,
      stale: reference.getTime() < staleBefore,
    };
  });
}

/** Live keys (not revoked, not yet expired) whose expiry falls within the warning window. */
async function readApiKeysNearExpiry(manager: EntityManager, orgId: string, now: Date) {
  const until = new Date(now.getTime() + API_KEY_EXPIRY_WARNING_DAYS * DAY_MS);
  const rows: { id: string; name: string; member_id: string; expires_at: Date }[] =
    await manager.query(
      `SELECT id, name, member_id, expires_at FROM api_keys
        WHERE org_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND expires_at <= $3
        ORDER BY expires_at, id`,
      [orgId, now, until],
    );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    memberId: row.member_id,
    expiresAt: new Date(row.expires_at).toISOString(),
  }));
}

/**
 * SAML IdP certificates whose end date falls within the warning window or has passed, soonest
 * first. A signature made with an expired certificate is still checked against it (node-saml does
 * not refuse it), but IdPs stop using one at its end date; without its successor in Tessera,
 * sign-in breaks that day.
 */
async function readIdpCertificatesNearExpiry(
  manager: EntityManager,
  orgId: string,
  now: Date,
): Promise<IdpCertificateExpiry[]> {
  const rows: { id: string; name: string; certificates: string[] | null }[] = await manager.query(
    `SELECT id, name, config->'idpCertificates' AS certificates FROM sso_connections
      WHERE org_id = $1 AND protocol = 'saml' ORDER BY created_at, id`,
    [orgId],
  );
  const until = now.getTime() + IDP_CERTIFICATE_WARNING_DAYS * DAY_MS;
  const found = rows.flatMap((row) =>
    (row.certificates ?? []).map((pem) => {
      const { subject, notAfter } = describeCertificate(pem);
      return { connectionId: row.id, connectionName: row.name, subject, notAfter };
    }),
  );
  return found
    .filter((cert) => new Date(cert.notAfter).getTime() <= until)
    .sort((a, b) => a.notAfter.localeCompare(b.notAfter))
    .map((cert) => ({ ...cert, expired: new Date(cert.notAfter).getTime() <= now.getTime() }));
}
