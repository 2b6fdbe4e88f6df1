import { decryptSecret } from '../../secrets/encryption.js';
import type { Keyring } from '../../secrets/keyring.js';
import type { SsoConnectionRecord } from '../sso-types.js';

/** The storage context the connections module encrypts the SP key under. */
export function spKeyContext(connectionId: string): string {
  return `sso_connections.sp_private_key:${connectionId}`;
}

/** The SP's signing key and certificate, or null when the connection has none. */
export function spSigningKeyOf(
  keyring: Keyring,
  connection: SsoConnectionRecord,
): { privateKeyPem: string; certificatePem: string } | null {
  if (!connection.spPrivateKeyEncrypted || !connection.spCertificate) return null;
  const privateKeyPem = decryptSecret(
    keyring,
    connection.spPrivateKeyEncrypted,
    spKeyContext(connection.id),
  );
  return { privateKeyPem, certificatePem: connection.spCertificate };
}
