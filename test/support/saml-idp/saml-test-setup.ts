import { resolveAppDeps } from '../../../src/app.js';
import type { AdminDeps } from '../../../src/admin/admin-deps.js';
import { samlSpUrls, verifySamlPost } from '../../../src/sso/saml/index.js';
import type { SamlConnectionConfig, SsoConnectionRecord } from '../../../src/sso/sso-types.js';
import { createTestSamlConnection } from '../sso-connections.js';
import { createOrgWithScim, PUBLIC_URL, type TestApp } from '../test-app.js';
import {
  generateTestKeyPair,
  startSamlTestIdp,
  type SamlTestIdp,
  type TestKeyPair,
} from './index.js';

/** One organization with a SAML connection that trusts a fresh test IdP. */
export interface SamlTestSetup {
  idp: SamlTestIdp;
  connection: SsoConnectionRecord;
  sp: { entityId: string; acsUrl: string };
  deps: AdminDeps;
  attacker: TestKeyPair;
  /** `verifySamlPost` in its own transaction, as the ACS route calls it. */
  verify(body: unknown): ReturnType<typeof verifySamlPost>;
}

/** The dependencies the admin routers get, built like `createApp` builds them. */
export function adminDepsOf(t: TestApp): AdminDeps {
  return resolveAppDeps({
    db: t.db,
    logger: t.logger,
    clock: t.clock,
    keyring: t.keyring,
    publicUrl: PUBLIC_URL,
  });
}

export async function setUpSamlConnection(
  t: TestApp,
  slug: string,
  connection: Partial<SamlConnectionConfig> = {},
): Promise<SamlTestSetup> {
  const org = await createOrgWithScim(t, slug);
  const idp = await startSamlTestIdp({ clock: t.clock });
  const record = await createTestSamlConnection(t, org.id, idp.connectionConfig(connection));
  const urls = samlSpUrls(PUBLIC_URL, record.id);
  const deps = adminDepsOf(t);
  return {
    idp,
    connection: record,
    sp: { entityId: urls.entityId, acsUrl: urls.acsUrl },
    deps,
    attacker: generateTestKeyPair('Attacker', t.clock.now()),
    verify: (body) => t.db.transaction((m) => verifySamlPost(deps, m, record, body)),
  };
}
