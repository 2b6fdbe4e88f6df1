import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { createNodeSaml } from './create-node-saml.js';
import { samlConfigOf } from './saml-connection-config.js';

const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/**
 * A LogoutRequest by HTTP-Redirect for the IdP session a Tessera session came from (Profiles
 * §4.4), signed when the SP has a key (Bindings §3.4.4.1; most IdPs require it for SLO).
 * Null when the IdP publishes no single logout endpoint: local sign-out is all there is.
 */
export async function buildSamlLogoutUrl(
  deps: AdminDeps,
  connection: SsoConnectionRecord,
  session: { nameId: string; nameIdFormat?: string | null; sessionIndex: string | null },
): Promise<string | null> {
  const config = samlConfigOf(connection);
  if (!config.idpSloUrl) return null;
  const saml = createNodeSaml(deps, connection);
  return saml.getLogoutUrlAsync(
    {
      issuer: config.idpEntityId,
      nameID: session.nameId,
      // Core §3.7.1: the NameID as the assertion carried it; the configured Format only for
      // sessions made before the Format was kept.
      nameIDFormat: session.nameIdFormat ?? config.nameIdFormat ?? NAMEID_UNSPECIFIED,
      ...(session.sessionIndex ? { sessionIndex: session.sessionIndex } : {}),
    },
    '',
    {},
  );
}
