import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import type { Permission } from '../../access/permissions.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { encryptSecret } from '../../secrets/encryption.js';
import type { Keyring } from '../../secrets/keyring.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { clientSecretContext } from './create-sso-connection.js';
import { lockSsoConnection } from './enable-sso-connection.js';
import { checkGroupRoleMappings } from './group-role-mappings.js';
import { loadSsoConnection } from './load-sso-connection.js';
import { disableFirstError } from './sso-connection-errors.js';

/** What may change while a connection is live: rotation must never need an outage. */
const LIVE_EDITABLE = new Set(['idpCertificates']);

export interface UpdateSsoConnectionInput extends AuditedChange {
  connectionId: string;
  name?: string;
  /** The new settings, computed from the current ones inside the transaction. */
  buildConfig?: (current: SsoConnectionRecord) => SsoConnectionRecord['config'];
  clientSecret?: string;
  grantorPermissions: ReadonlySet<Permission>;
}

/**
 * Edits a connection. Any change to its settings is a new revision, which must be tested again
 * before the connection can be enabled. A live connection takes only a new name and IdP
 * certificate changes (it stays enabled, at the new revision); everything else needs it disabled
 * first, so members never sign in through a half-edited configuration.
 */
export async function updateSsoConnection(
  manager: EntityManager,
  keyring: Keyring,
  input: UpdateSsoConnectionInput,
): Promise<SsoConnectionRecord> {
  await lockSsoConnection(manager, input.orgId, input.connectionId);
  const current = (await loadSsoConnection(manager, input.connectionId))!;
  const config = input.buildConfig ? input.buildConfig(current) : current.config;
  const changed = changedSettings(current.config, config);
  if (input.clientSecret !== undefined) changed.push('clientSecret');
  const blocked = changed.filter((field) => !LIVE_EDITABLE.has(field));
  if (current.enabled && blocked.length > 0) throw disableFirstError(blocked);
  if (changed.includes('groupRoleMappings')) {
    await checkGroupRoleMappings(
      manager,
      input.orgId,
      config.groupRoleMappings,
      input.grantorPermissions,
    );
  }

  const name = input.name ?? current.name;
  if (changed.length === 0 && name === current.name) return current;
  const revision = current.revision + (changed.length > 0 ? 1 : 0);
  const secret =
    input.clientSecret === undefined
      ? current.encryptedSecret
      : encryptSecret(keyring, input.clientSecret, clientSecretContext(current.id));
  await manager.query(
    `UPDATE sso_connections SET name = $2, config = $3, encrypted_secret = $4, revision = $5,
       updated_at = $6 WHERE id = $1`,
    [current.id, name, JSON.stringify(config), secret, revision, input.at],
  );

  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.sso.connection_updated',
    target: { type: 'sso_connection', id: current.id },
    payload: {
      name,
      ...(name !== current.name && { previousName: current.name }),
      revision,
      changed: [...changed, ...(name !== current.name ? ['name'] : [])].join(','),
    },
    context: input.context,
    at: input.at,
  });
  return (await loadSsoConnection(manager, current.id))!;
}

/** Top-level settings whose value differs, compared as JSON. */
export function changedSettings(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}
