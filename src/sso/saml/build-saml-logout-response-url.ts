import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { createNodeSaml } from './create-node-saml.js';
import { samlConfigOf } from './saml-connection-config.js';

const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/**
 * Our LogoutResponse to an IdP's LogoutRequest (Profiles §4.4.3.4), by HTTP-Redirect to the
 * IdP's single-logout endpoint: `InResponseTo` names the request, RelayState comes back unchanged
 * (Bindings §3.4.3), and the query is signed when the SP has a key (Bindings §3.4.4.1).
 * Null when the IdP publishes no SLO endpoint: the browser then gets a page instead.
 */
export async function buildSamlLogoutResponseUrl(
  deps: Pick<AdminDeps, 'keyring' | 'publicUrl'>,
  connection: SsoConnectionRecord,
  request: { requestId: string; nameId: string; nameIdFormat: string | null },
  relayState: string | null,
): Promise<string | null> {
  const config = samlConfigOf(connection);
  if (!config.idpSloUrl) return null;
  const saml = createNodeSaml(deps, connection);
  return saml.getLogoutResponseUrlAsync(
    {
      ID: request.requestId,
      issuer: config.idpEntityId,
      nameID: request.nameId,
      nameIDFormat: request.nameIdFormat ?? NAMEID_UNSPECIFIED,
    },
    relayState ?? '',
    {},
    true,
  );
}
