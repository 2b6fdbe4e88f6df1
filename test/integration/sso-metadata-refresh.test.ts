import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createOutboundFetch } from '../../src/ops/outbound-http.js';
import { loadSsoConnection } from '../../src/sso/connections/load-sso-connection.js';
import { refreshSamlMetadata } from '../../src/sso/connections/refresh-saml-metadata.js';
import type { SamlConnectionConfig } from '../../src/sso/sso-types.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import {
  idpMetadataXml,
  LOOPBACK_POLICY,
  makeIdpCertificate,
  startMetadataServer,
  type MetadataServer,
} from '../support/sso-metadata.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

const HOUR_MS = 60 * 60 * 1000;

let t: TestApp;
let idp: MetadataServer;
let orgId: string;
const deps = () => ({
  db: t.db,
  logger: t.logger,
  outboundFetch: createOutboundFetch(LOOPBACK_POLICY),
});

beforeAll(async () => {
  t = await startTestApp({ outboundPolicy: LOOPBACK_POLICY });
  idp = await startMetadataServer();
  orgId = (await createOrgWithScim(t, 'metadata-refresh')).id;
});
afterAll(async () => {
  await idp.close();
  await t.close();
});

const metadata = (certificates: string[]) =>
  idpMetadataXml({
    entityId: 'https://idp.rotating.test',
    ssoUrl: 'https://idp.rotating.test/sso',
    certificates,
  });

async function stateOf(id: string) {
  const record = (await loadSsoConnection(t.db.manager, id))!;
  const [row] = await t.db.query(
    'SELECT metadata_refreshed_at, metadata_error FROM sso_connections WHERE id = $1',
    [id],
  );
  return {
    certificates: (record.config as SamlConnectionConfig).idpCertificates,
    revision: record.revision,
    enabled: record.enabled,
    refreshedAt: row.metadata_refreshed_at ? new Date(row.metadata_refreshed_at) : null,
    error: row.metadata_error as string | null,
  };
}

describe('SAML metadata refresh (scheduled)', () => {
  it('takes over rotated certificates, audited as system; a live one stays live', async () => {
    const oldCert = makeIdpCertificate('old', 365);
    const newCert = makeIdpCertificate('new', 730);
    idp.set('/rotating', 200, metadata([oldCert]));
    const connection = await createTestSamlConnection(t, orgId, {
      idpEntityId: 'https://idp.rotating.test',
      idpSsoUrl: 'https://idp.rotating.test/sso',
      idpCertificates: [oldCert],
      metadataUrl: idp.url('/rotating'),
    });

    await refreshSamlMetadata(deps(), t.clock.now());
    let state = await stateOf(connection.id);
    expect(state).toMatchObject({ revision: 1, error: null, refreshedAt: t.clock.now() });

    // The IdP publishes its next certificate beside the current one.
    idp.set('/rotating', 200, metadata([oldCert, newCert]));
    t.clock.advance(23 * HOUR_MS);
    const seen = idp.requests.length;
    await refreshSamlMetadata(deps(), t.clock.now());
    expect(idp.requests.length).toBe(seen); // read at most once a day
    t.clock.advance(HOUR_MS);
    await refreshSamlMetadata(deps(), t.clock.now());
    state = await stateOf(connection.id);
    expect(state.certificates).toHaveLength(2);
    expect(state).toMatchObject({ revision: 2, enabled: true, refreshedAt: t.clock.now() });

    const events = await t.db.query(
      `SELECT actor_type, actor_id, action, payload FROM audit_events
        WHERE target_id = $1 AND action = 'organization.sso.connection_updated'`,
      [connection.id],
    );
    expect(events).toEqual([
      {
        actor_type: 'system',
        actor_id: null,
        action: 'organization.sso.connection_updated',
        payload: expect.objectContaining({
          changed: 'idpCertificates',
          source: 'metadata_refresh',
        }),
      },
    ]);
  });

  it('records a failure and keeps the certificates it had', async () => {
    const cert = makeIdpCertificate('kept', 365);
    const connection = await createTestSamlConnection(t, orgId, {
      idpCertificates: [cert],
      metadataUrl: idp.url('/broken'),
    });
    const before = await stateOf(connection.id);
    for (const [status, body, reason] of [
      [500, 'oops', 'HTTP 500'],
      [200, '<not-metadata/>', 'IdP metadata'],
    ] as const) {
      idp.set('/broken', status, body);
      await refreshSamlMetadata(deps(), t.clock.now());
      const state = await stateOf(connection.id);
      expect(state.error).toContain(reason);
      expect(state.certificates).toEqual(before.certificates);
      expect(state).toMatchObject({ revision: 1, enabled: true, refreshedAt: null });
    }

    idp.set('/broken', 200, metadata([cert]));
    await refreshSamlMetadata(deps(), t.clock.now());
    expect(await stateOf(connection.id)).toMatchObject({ error: null, revision: 1 });
  });
});
