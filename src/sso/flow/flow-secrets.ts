import type { Keyring } from '../../secrets/keyring.js';
import { decryptSecret, encryptSecret } from '../../secrets/encryption.js';
import { SsoError } from '../sso-errors.js';

/** What an OIDC flow must read back at the callback (OIDC Core §3.1.2.1, RFC 7636 §4.1). */
export interface OidcFlowSecrets {
  nonce: string;
  codeVerifier: string;
}

/** The context binds the ciphertext to its flow row: copied to another row, it does not open. */
const contextOf = (flowId: string) => `sso_flows.secrets:${flowId}`;

export function sealOidcSecrets(keyring: Keyring, flowId: string, secrets: OidcFlowSecrets) {
  return encryptSecret(keyring, JSON.stringify(secrets), contextOf(flowId));
}

export function openOidcSecrets(
  keyring: Keyring,
  flowId: string,
  sealed: string | null,
): OidcFlowSecrets {
  try {
    if (!sealed) throw new Error('no secrets on the flow');
    const parsed = JSON.parse(decryptSecret(keyring, sealed, contextOf(flowId)));
    if (typeof parsed.nonce !== 'string' || typeof parsed.codeVerifier !== 'string') {
      throw new Error('malformed flow secrets');
    }
    return { nonce: parsed.nonce, codeVerifier: parsed.codeVerifier };
  } catch {
    // A key removed from the ring mid-flow, or a row not written by beginSsoFlow.
    throw new SsoError('sso_flow_invalid', 'This sign-in can no longer be completed.', 400);
  }
}
