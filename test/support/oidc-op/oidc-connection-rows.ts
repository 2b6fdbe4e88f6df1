import { randomUUID } from 'node:crypto';

import { DEFAULT_COMMON_SETTINGS } from '../../../src/sso/connections/sso-defaults.js';
import { oidcCallbackUrl } from '../../../src/sso/connections/sso-urls.js';
import { loadSsoConnection } from '../../../src/sso/connections/load-sso-connection.js';
import type { OidcConnectionConfig, SsoConnectionRecord } from '../../../src/sso/sso-types.js';
import { encryptSecret } from '../../../src/secrets/encryption.js';
import { PUBLIC_URL, type TestApp } from '../test-app.js';
import type { TestOidcOp } from './start-oidc-op.js';

export interface OidcRowInput {
  issuer: string;
  clientId: string;
  clientSecret: string;
  config?: Partial<OidcConnectionConfig>;
  /** Chosen ahead when the OP needs the redirect URI before the row exists. */
  connectionId?: string;
}

/**
 * An enabled, tested OIDC connection row inserted with SQL.
 * TODO(sso-test-support): switch to `createTestOidcConnection` from test/support/sso-connections.ts
 * once the connections work lands; this bypasses its validation on purpose until then.
 */
export async function insertOidcConnectionRow(
  t: TestApp,
  orgId: string,
  input: OidcRowInput,
): Promise<SsoConnectionRecord> {
  const id = input.connectionId ?? randomUUID();
  const config: OidcConnectionConfig = {
    ...DEFAULT_COMMON_SETTINGS,
    issuer: input.issuer,
    clientId: input.clientId,
    scopes: ['openid', 'email', 'profile'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    allowedTenantIds: [],
    requestAcrValues: [],
    ...input.config,
  };
  const secret = encryptSecret(t.keyring, input.clientSecret, `sso_connections.secret:${id}`);
  await t.db.query(
    `INSERT INTO sso_connections (id, org_id, protocol, name, enabled, config, encrypted_secret,
       revision, tested_revision, tested_at)
     VALUES ($1, $2, 'oidc', 'Test OP', true, $3, $4, 1, 1, $5)`,
    [id, orgId, JSON.stringify(config), secret, t.clock.now()],
  );
  return (await loadSsoConnection(t.db.manager, id))!;
}

/**
 * Connects an organization to the in-test OP: registers a client whose redirect URI is
 * Tessera's callback for a new connection id, then inserts that connection.
 */
export async function connectOrgToOp(
  t: TestApp,
  op: TestOidcOp,
  orgId: string,
  config: Partial<OidcConnectionConfig> = {},
): Promise<SsoConnectionRecord> {
  const connectionId = randomUUID();
  const client = op.registerClient({
    redirectUri: oidcCallbackUrl(PUBLIC_URL, connectionId),
    tokenEndpointAuthMethod: config.tokenEndpointAuthMethod,
  });
  return insertOidcConnectionRow(t, orgId, {
    issuer: op.issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    connectionId,
    config,
  });
}
