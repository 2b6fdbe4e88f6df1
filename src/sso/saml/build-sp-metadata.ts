import { generateServiceProviderMetadata } from '@node-saml/node-saml';

import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SamlConnectionConfig, SsoConnectionRecord } from '../sso-types.js';
import { samlSpUrls } from './saml-sp-urls.js';
import { spSigningKeyOf } from './sp-signing-key.js';

/**
 * Our SP metadata for one connection (Metadata §2.4.4): entity id, the HTTP-POST ACS, the SLO
 * endpoint, the signing certificate, `AuthnRequestsSigned` when we hold a key and
 * `WantAssertionsSigned` always, telling the IdP what `verifySamlPost` will insist on.
 */
export function buildSpMetadata(deps: AdminDeps, connection: SsoConnectionRecord): string {
  const urls = samlSpUrls(deps.publicUrl, connection.id);
  const config = connection.config as Partial<SamlConnectionConfig>;
  const signing = spSigningKeyOf(deps.keyring, connection);
  return generateServiceProviderMetadata({
    issuer: urls.entityId,
    callbackUrl: urls.acsUrl,
    logoutCallbackUrl: urls.sloUrl,
    identifierFormat: config.nameIdFormat ?? null,
    wantAssertionsSigned: true,
    signatureAlgorithm: 'sha256',
    ...(signing
      ? { privateKey: signing.privateKeyPem, publicCerts: [signing.certificatePem] }
      : {}),
  });
}
