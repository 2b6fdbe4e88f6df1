import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { NotFoundError } from '../../errors.js';
import { documentOf } from '../../orgs/settings-sections.js';
import { readSettingsRow } from '../../orgs/read-organization-settings.js';
import { lastEnforcedConnectionError, notTestedError } from './sso-connection-errors.js';

export interface LockedConnection {
  id: string;
  name: string;
  protocol: string;
  enabled: boolean;
  revision: number;
  tested_revision: number | null;
}

/** The connection row, locked for the rest of the transaction; another org's id is 404. */
export async function lockSsoConnection(
  manager: EntityManager,
  orgId: string,
  connectionId: string,
): Promise<LockedConnection> {
  const [row] = await manager.query(
    `SELECT id, name, protocol, enabled, revision, tested_revision FROM sso_connections
      WHERE id = $1 AND org_id = $2 FOR UPDATE`,
    [connectionId, orgId],
  );
  if (!row) throw new NotFoundError('no such SSO connection in this organization');
  return row;
}

/**
 * Turns a connection on. Only the revision an admin tested successfully may go live: an untested
 * configuration could send every member to a broken sign-in. Enabling twice is a no-op.
 */
export async function enableSsoConnection(
  manager: EntityManager,
  input: AuditedChange & { connectionId: string },
): Promise<void> {
  const row = await lockSsoConnection(manager, input.orgId, input.connectionId);
  if (row.enabled) return;
  if (row.tested_revision === null || Number(row.tested_revision) !== Number(row.revision)) {
    throw notTestedError();
  }
  await setEnabled(manager, input, row, true);
}

/** Turns a connection off, unless members would be left with no way to sign in. */
export async function disableSsoConnection(
  manager: EntityManager,
  input: AuditedChange & { connectionId: string },
): Promise<void> {
  const row = await lockSsoConnection(manager, input.orgId, input.connectionId);
  if (!row.enabled) return;
  await assertNotLastEnforced(manager, input.orgId, row.id);
  await setEnabled(manager, input, row, false);
}

/**
 * With SSO enforced, members may sign in through SSO only (DESIGN rule 5): taking away the
 * last enabled connection would lock all of them out, so it is refused.
 */
export async function assertNotLastEnforced(
  manager: EntityManager,
  orgId: string,
  connectionId: string,
): Promise<void> {
  // Locks the organization row, so two admins disabling the last two connections at once
  // cannot both see "one other is still enabled".
  const security = documentOf(
    'security',
    await readSettingsRow(manager, orgId, { forUpdate: true }),
  );
  if (security.ssoEnforced !== true) return;
  const [others] = await manager.query(
    `SELECT count(*)::int AS count FROM sso_connections
      WHERE org_id = $1 AND enabled AND id <> $2`,
    [orgId, connectionId],
  );
  if (others.count === 0) throw lastEnforcedConnectionError();
}

async function setEnabled(
  manager: EntityManager,
  input: AuditedChange,
  row: LockedConnection,
  enabled: boolean,
): Promise<void> {
  await manager.query('UPDATE sso_connections SET enabled = $2, updated_at = $3 WHERE id = $1', [
    row.id,
    enabled,
    input.at,
  ]);
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: enabled
      ? 'organization.sso.connection_enabled'
      : 'organization.sso.connection_disabled',
    target: { type: 'sso_connection', id: row.id },
    payload: { name: row.name, protocol: row.protocol, revision: Number(row.revision) },
    context: input.context,
    at: input.at,
  });
}
