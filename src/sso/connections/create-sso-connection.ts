import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../access/audited-change.js';
import type { Permission } from '../../access/permissions.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { encryptSecret } from '../../secrets/encryption.js';
import type { Keyring } from '../../secrets/keyring.js';
import type {
  OidcConnectionConfig,
  SamlConnectionConfig,
  SsoConnectionRecord,
} from '../sso-types.js';
import { checkGroupRoleMappings } from './group-role-mappings.js';
import { loadSsoConnection } from './load-sso-connection.js';
import { generateSpKeyPair } from '../saml/index.js';

export type NewSsoConnection =
  | { protocol: 'saml'; config: SamlConnectionConfig }
  | { protocol: 'oidc'; config: OidcConnectionConfig; clientSecret: string };

export interface CreateSsoConnectionInput extends AuditedChange {
  name: string;
  connection: NewSsoConnection;
  /** What the admin holds: group mappings may not grant more (DESIGN rule 9). */
  grantorPermissions: ReadonlySet<Permission>;
}

/** The storage context of a connection's secrets: a ciphertext opens only in its own row. */
export const clientSecretContext = (id: string) => `sso_connections.secret:${id}`;
export const spKeyContext = (id: string) => `sso_connections.sp_private_key:${id}`;

/**
 * Registers a connection, disabled and untested at revision 1. A SAML connection gets its own
 * SP signing key (stored encrypted) so its requests can be signed and IdPs can pin it.
 */
export async function createSsoConnection(
  manager: EntityManager,
  keyring: Keyring,
  input: CreateSsoConnectionInput,
): Promise<SsoConnectionRecord> {
  const { connection } = input;
  await checkGroupRoleMappings(
    manager,
    input.orgId,
    connection.config.groupRoleMappings,
    input.grantorPermissions,
  );

  const id = randomUUID();
  const secret =
    connection.protocol === 'oidc'
      ? encryptSecret(keyring, connection.clientSecret, clientSecretContext(id))
      : null;
  const spKey = connection.protocol === 'saml' ? generateSpKeyPair(input.at) : null;
  await manager.query(
    `INSERT INTO sso_connections (id, org_id, protocol, name, enabled, config, encrypted_secret,
       sp_private_key_encrypted, sp_certificate, revision, created_at, updated_at)
     VALUES ($1, $2, $3, $4, false, $5, $6, $7, $8, 1, $9, $9)`,
    [
      id,
      input.orgId,
      connection.protocol,
      input.name,
      JSON.stringify(connection.config),
      secret,
      spKey && encryptSecret(keyring, spKey.privateKeyPem, spKeyContext(id)),
      spKey?.certificatePem ?? null,
      input.at,
    ],
  );

  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.sso.connection_registered',
    target: { type: 'sso_connection', id },
    payload: { name: input.name, protocol: connection.protocol },
    context: input.context,
    at: input.at,
  });
  return (await loadSsoConnection(manager, id))!;
}
