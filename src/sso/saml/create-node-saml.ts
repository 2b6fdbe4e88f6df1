import {
  SAML,
  ValidateInResponseTo,
  type CacheProvider,
  type SamlConfig,
} from '@node-saml/node-saml';

import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { samlConfigOf } from './saml-connection-config.js';
import { samlSpUrls } from './saml-sp-urls.js';
import { spSigningKeyOf } from './sp-signing-key.js';

/**
 * node-saml keeps request ids in a cache of its own; Tessera keeps them in `sso_flows` so any
 * instance can finish a login (DESIGN "State and scale"). This cache stores nothing.
 */
const NO_CACHE: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

export interface NodeSamlRequestOptions {
  /** Fixed request id, so the caller knows it (node-saml draws it otherwise). */
  requestId?: string;
  forceAuthn?: boolean;
  /** RequestedAuthnContext to send; none when absent. */
  authnContext?: { classRefs: string[]; comparison: 'exact' | 'minimum' | 'better' };
  /** False when only verifying: the SP key is then not decrypted at all. */
  withSigningKey?: boolean;
}

/**
 * The one place node-saml options are chosen, with secure values filled in for every
 * connection: signed assertions, our entity id as audience, SHA-256 for what we sign.
 * Time and InResponseTo checks are switched off here because `verifySamlPost` makes them on
 * the verified assertion with the injected clock and the database.
 */
export function createNodeSaml(
  deps: Pick<AdminDeps, 'keyring' | 'publicUrl'>,
  connection: SsoConnectionRecord,
  options: NodeSamlRequestOptions = {},
): SAML {
  const config = samlConfigOf(connection);
  const urls = samlSpUrls(deps.publicUrl, connection.id);
  const signing =
    options.withSigningKey === false ? null : spSigningKeyOf(deps.keyring, connection);
  const samlConfig: SamlConfig = {
    issuer: urls.entityId,
    callbackUrl: urls.acsUrl,
    audience: urls.entityId,
    entryPoint: config.idpSsoUrl,
    logoutUrl: config.idpSloUrl ?? undefined,
    idpCert: config.idpCertificates,
    // SAML Profiles §4.1.3.5 / §4.1.4.2: the assertion itself must be signed so the identity we
    // read is covered by the IdP's signature; a signed Response alone only when configured.
    wantAssertionsSigned: !config.allowSignedResponseOnly,
    wantAuthnResponseSigned: false,
    // -1 turns node-saml's own clock checks off (it reads the wall clock); ours use deps.clock.
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.never,
    cacheProvider: NO_CACHE,
    identifierFormat: config.nameIdFormat,
    forceAuthn: options.forceAuthn ?? false,
    disableRequestedAuthnContext: !options.authnContext,
    authnContext: options.authnContext?.classRefs,
    racComparison: options.authnContext?.comparison,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    ...(signing ? { privateKey: signing.privateKeyPem, publicCert: signing.certificatePem } : {}),
    ...(options.requestId ? { generateUniqueId: () => options.requestId! } : {}),
  };
  return new SAML(samlConfig);
}
