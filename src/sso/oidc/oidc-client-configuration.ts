import * as client from 'openid-client';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { decryptSecret } from '../../secrets/encryption.js';
import type { OidcConnectionConfig, SsoConnectionRecord } from '../sso-types.js';
import { allowedIdTokenAlgorithms } from './oidc-algorithms.js';

export type OidcDeps = Pick<
  AdminDeps,
  'clock' | 'keyring' | 'outboundFetch' | 'outboundPolicy' | 'publicUrl'
>;

export interface ConfigurationOptions {
  /** Replaces the metadata's issuer: the concrete issuer under an Entra template. */
  issuer?: string;
  /** Replaces the outbound fetch (a recorded token response, see exchange-oidc-code.ts). */
  fetch?: client.CustomFetch;
}

/**
 * An openid-client configuration for one connection: the client secret decrypted, the ID token
 * algorithms narrowed to the OP's asymmetric ones, every request through the outbound fetch,
 * and ID token signatures verified against the OP's JWKS (`enableNonRepudiationChecks`; OIDC
 * Core §3.1.3.7 step 6 lets an RP skip it for TLS-fetched tokens, Tessera does not: the check
 * is what proves the token came from the OP's key rather than whoever answered the request).
 */
export function buildOidcConfiguration(
  deps: OidcDeps,
  connection: SsoConnectionRecord,
  metadata: client.ServerMetadata,
  options: ConfigurationOptions = {},
): client.Configuration {
  const config = connection.config as OidcConnectionConfig;
  const secret = decryptSecret(
    deps.keyring,
    connection.encryptedSecret ?? '',
    `sso_connections.secret:${connection.id}`,
  );
  const auth =
    config.tokenEndpointAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(secret)
      : client.ClientSecretBasic(secret);
  const algorithms = allowedIdTokenAlgorithms(metadata.id_token_signing_alg_values_supported);
  const clientMetadata = {
    // A list is honoured by openid-client: the token's `alg` must be one of these.
    id_token_signed_response_alg: algorithms as unknown as string,
    // openid-client reads "now" as the system clock plus this skew: follow Tessera's clock.
    [client.clockSkew]: Math.round((deps.clock.now().getTime() - Date.now()) / 1000),
  };
  const server = { ...metadata, ...(options.issuer && { issuer: options.issuer }) };
  const configuration = new client.Configuration(server, config.clientId, clientMetadata, auth);
  configuration[client.customFetch] =
    options.fetch ?? ((url, init) => deps.outboundFetch(url, init as RequestInit));
  // Plain http only where the operator's policy allows it: tests with loopback peers.
  if (deps.outboundPolicy.allowHttp) client.allowInsecureRequests(configuration);
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}
