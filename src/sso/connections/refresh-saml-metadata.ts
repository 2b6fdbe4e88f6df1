import type { DataSource, EntityManager } from 'typeorm';

import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runTransaction } from '../../db/run-transaction.js';
import type { Logger } from '../../ops/logger.js';
import type { OutboundFetch } from '../../ops/outbound-http.js';
import type { SamlConnectionConfig } from '../sso-types.js';
import { loadSsoConnection } from './load-sso-connection.js';
import { fetchSamlMetadata, readSamlMetadata } from './saml-metadata-source.js';

/** IdPs publish a new certificate well before they switch to it; once a day keeps up. */
export const METADATA_REFRESH_AGE_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;
const MAX_ERROR_CHARS = 500;

export interface MetadataRefreshDeps {
  db: DataSource;
  logger: Logger;
  outboundFetch: OutboundFetch;
}

const DUE = `SELECT id, config->>'metadataUrl' AS url FROM sso_connections
  WHERE protocol = 'saml' AND config->>'metadataUrl' IS NOT NULL
    AND (metadata_refreshed_at IS NULL OR metadata_refreshed_at <= $1)
  ORDER BY metadata_refreshed_at NULLS FIRST, id LIMIT ${BATCH}`;

/**
 * Re-reads the metadata URL of every SAML connection not refreshed in the last 24 hours and
 * takes over the IdP's current signing certificates, so a rotation at the IdP needs no admin.
 * A failure is recorded on the connection (`metadata_error`) and the certificates it had stay:
 * an unreachable metadata host must not break sign-in. Each connection is its own transaction.
 */
export async function refreshSamlMetadata(
  deps: MetadataRefreshDeps,
  now: Date,
): Promise<{ refreshed: number; failed: number }> {
  const due: { id: string; url: string }[] = await deps.db.query(DUE, [
    new Date(now.getTime() - METADATA_REFRESH_AGE_MS),
  ]);
  let failed = 0;
  for (const { id, url } of due) {
    try {
      const imported = readSamlMetadata(await fetchSamlMetadata(deps.outboundFetch, url));
      await runTransaction(deps.db, (manager) =>
        applyCertificates(manager, id, url, imported.idpCertificates, now),
      );
    } catch (e: unknown) {
      failed += 1;
      const message = e instanceof Error ? e.message : 'metadata refresh failed';
      deps.logger.warn({ connectionId: id, reason: message }, 'SAML metadata refresh failed');
      await deps.db.query('UPDATE sso_connections SET metadata_error = $2 WHERE id = $1', [
        id,
        message.slice(0, MAX_ERROR_CHARS),
      ]);
    }
  }
  return { refreshed: due.length - failed, failed };
}

// TODO(sso-metadata-refresh): a changed entity id or SSO/SLO URL in refreshed metadata is not
// applied (it changes whom we trust and where members are sent, so an admin re-imports), and not
// yet reported in `metadata_error` either; failures retry every round without backoff.
async function applyCertificates(
  manager: EntityManager,
  connectionId: string,
  url: string,
  certificates: string[],
  now: Date,
): Promise<void> {
  await manager.query('SELECT id FROM sso_connections WHERE id = $1 FOR UPDATE', [connectionId]);
  const current = await loadSsoConnection(manager, connectionId);
  const config = current?.config as SamlConnectionConfig | undefined;
  // Deleted, or re-pointed at another URL while the fetch ran: this document is not its own.
  if (!current || !config || config.metadataUrl !== url) return;

  const changed = JSON.stringify(config.idpCertificates) !== JSON.stringify(certificates);
  const revision = current.revision + (changed ? 1 : 0);
  await manager.query(
    `UPDATE sso_connections SET config = $2, revision = $3, metadata_refreshed_at = $4,
       metadata_error = NULL, updated_at = CASE WHEN $5::boolean THEN $4 ELSE updated_at END
     WHERE id = $1`,
    [
      connectionId,
      JSON.stringify({ ...config, idpCertificates: certificates }),
      revision,
      now,
      changed,
    ],
  );
  if (!changed) return;
  await recordAuditEvent(manager, {
    orgId: current.orgId,
    actor: { type: 'system', id: null },
    action: 'organization.sso.connection_updated',
    target: { type: 'sso_connection', id: connectionId },
    payload: {
      name: current.name,
      revision,
      changed: 'idpCertificates',
      source: 'metadata_refresh',
      certificates: certificates.length,
    },
    at: now,
  });
}
