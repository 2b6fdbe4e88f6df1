import { totpSecretContext } from '../auth/break-glass/issue-credential.js';
import { webhookSecretContext } from '../events/webhook-secret.js';
import { clientSecretContext } from '../sso/connections/create-sso-connection.js';
import { spKeyContext } from '../sso/saml/sp-signing-key.js';

/**
 * One column that holds `encryptSecret` output. `context` must be the very context its writer
 * encrypts with (the AES-GCM additional data): a wrong one makes every row unreadable here, which
 * the rotation reports rather than overwrites. Every such column belongs in this table, or key
 * rotation leaves it behind under a key that is about to be removed.
 */
export interface EncryptedColumn {
  table: string;
  /** The row's key, also the id its context is built from. */
  idColumn: string;
  column: string;
  context: (id: string) => string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    table: 'break_glass_credentials',
    idColumn: 'member_id',
    column: 'totp_secret_encrypted',
    context: totpSecretContext,
  },
  {
    table: 'sso_connections',
    idColumn: 'id',
    column: 'encrypted_secret',
    context: clientSecretContext,
  },
  {
    table: 'sso_connections',
    idColumn: 'id',
    column: 'sp_private_key_encrypted',
    context: spKeyContext,
  },
  {
    // Mirrors the private context of src/sso/flow/flow-secrets.ts.
    table: 'sso_flows',
    idColumn: 'id',
    column: 'secrets_encrypted',
    context: (id) => `sso_flows.secrets:${id}`,
  },
  {
    table: 'webhook_endpoints',
    idColumn: 'id',
    column: 'secret_encrypted',
    context: webhookSecretContext,
  },
];

/** `table.column`, the name a column goes by in reports and audit payloads. */
export function columnName(c: EncryptedColumn): string {
  return `${c.table}.${c.column}`;
}
