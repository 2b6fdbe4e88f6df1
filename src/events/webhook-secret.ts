import { randomBytes } from 'node:crypto';

import { decryptSecret, encryptSecret } from '../secrets/encryption.js';
import type { Keyring } from '../secrets/keyring.js';

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** The encryption context binds a stored secret to its row (a copied ciphertext won't open). */
export function webhookSecretContext(endpointId: string): string {
  return `webhook_endpoints.secret:${endpointId}`;
}

/** A new signing secret and its stored form; the plaintext is shown to the admin once. */
export function newWebhookSecret(keyring: Keyring, endpointId: string) {
  const secret = SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, encrypted: encryptSecret(keyring, secret, webhookSecretContext(endpointId)) };
}

export function openWebhookSecret(keyring: Keyring, endpointId: string, stored: string): string {
  return decryptSecret(keyring, stored, webhookSecretContext(endpointId));
}
