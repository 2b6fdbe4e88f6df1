import { ALL_PERMISSIONS } from '../../src/access/permissions.js';
import { normalizeCertificates } from '../../src/sso/connections/certificates.js';
import { DEFAULT_COMMON_SETTINGS } from '../../src/sso/connections/sso-defaults.js';
import { OIDC_DEFAULTS, SAML_DEFAULTS } from '../../src/sso/connections/connection-config.js';
import { createSsoConnection } from '../../src/sso/connections/create-sso-connection.js';
import { enableSsoConnection } from '../../src/sso/connections/enable-sso-connection.js';
import { loadSsoConnection } from '../../src/sso/connections/load-sso-connection.js';
import { generateSpKeyPair } from '../../src/sso/saml/index.js';
import type {
  OidcConnectionConfig,
  SamlConnectionConfig,
  SsoConnectionRecord,
} from '../../src/sso/sso-types.js';
import { recordTestSecret } from './secret-ledger.js';
import type { TestApp } from './test-app.js';

/** How a test connection starts: enabled and tested unless a test says otherwise. */
interface TestConnectionState {
  name?: string;
  /** Default true: the tested revision is the current one. */
  tested?: boolean;
  /** Default true (needs `tested`). */
  enabled?: boolean;
}

export type TestSamlOverrides = Partial<SamlConnectionConfig> & TestConnectionState;
export type TestOidcOverrides = Partial<OidcConnectionConfig> &
  TestConnectionState & { clientSecret?: string };

const OPERATOR = { type: 'operator' as const, id: 'test' };

/**
 * A SAML connection made through the same domain functions the admin API uses: SP key pair
 * generated, tested, enabled. Pass the test IdP's `idpEntityId`, `idpSsoUrl` and
 * `idpCertificates`; without certificates a throwaway one is generated.
 */
export async function createTestSamlConnection(
  t: TestApp,
  orgId: string,
  overrides: TestSamlOverrides = {},
): Promise<SsoConnectionRecord> {
  const { name, tested, enabled, ...settings } = overrides;
  const config: SamlConnectionConfig = {
    ...SAML_DEFAULTS,
    ...DEFAULT_COMMON_SETTINGS,
    idpEntityId: 'https://idp.example.test/saml',
    idpSsoUrl: 'https://idp.example.test/saml/sso',
    ...settings,
    idpCertificates: settings.idpCertificates ?? [generateSpKeyPair(t.clock.now()).certificatePem],
  };
  // Stored as the admin API stores them: canonical PEM, duplicates dropped.
  config.idpCertificates = normalizeCertificates(config.idpCertificates, 'idpCertificates');
  return makeConnection(t, orgId, { protocol: 'saml', config }, { name, tested, enabled });
}

/** An OIDC connection (secret encrypted as the admin API stores it), tested and enabled. */
export async function createTestOidcConnection(
  t: TestApp,
  orgId: string,
  overrides: TestOidcOverrides = {},
): Promise<SsoConnectionRecord> {
  const { name, tested, enabled, clientSecret, ...settings } = overrides;
  const config: OidcConnectionConfig = {
    ...OIDC_DEFAULTS,
    ...DEFAULT_COMMON_SETTINGS,
    issuer: 'https://op.example.test',
    clientId: 'tessera-test-client',
    ...settings,
  };
  const secret = clientSecret ?? 'test-client-secret';
  recordTestSecret('oidc client secret', secret);
  return makeConnection(
    t,
    orgId,
    { protocol: 'oidc', config, clientSecret: secret },
    { name, tested, enabled },
  );
}

async function makeConnection(
  t: TestApp,
  orgId: string,
  connection: Parameters<typeof createSsoConnection>[2]['connection'],
  state: TestConnectionState,
): Promise<SsoConnectionRecord> {
  const at = t.clock.now();
  const change = { orgId, actor: OPERATOR, at };
  return t.db.transaction(async (manager) => {
    const created = await createSsoConnection(manager, t.keyring, {
      ...change,
      name: state.name ?? `Test ${connection.protocol.toUpperCase()} IdP`,
      connection,
      grantorPermissions: new Set(ALL_PERMISSIONS),
    });
    if (state.tested === false) return created;
    // What a completed test flow records (the flow owns that step; here it is taken as done).
    await manager.query(
      'UPDATE sso_connections SET tested_revision = revision, tested_at = $2 WHERE id = $1',
      [created.id, at],
    );
    if (state.enabled !== false) {
      await enableSsoConnection(manager, { ...change, connectionId: created.id });
    }
    return (await loadSsoConnection(manager, created.id))!;
  });
}
