import { randomBytes } from 'node:crypto';

import type { AdminDeps } from '../../admin/admin-deps.js';
import type { LoginRequestOptions, SamlConnectionConfig } from '../sso-types.js';
import { createNodeSaml, type NodeSamlRequestOptions } from './create-node-saml.js';
import { samlConfigOf } from './saml-connection-config.js';

/**
 * RequestedAuthnContext is sent only when the organization requires MFA and an admin listed
 * class refs. Nothing by default: an IdP that cannot satisfy the request must answer with a
 * failure status (Core §3.3.2.2.1), and Entra ID answers `exact`/`minimum` requests for
 * a password-style class by refusing passwordless and certificate sign-ins (they carry other
 * class refs). The MFA decision is made on what the assertion proves, not on what we asked.
 */
function requestedAuthnContextOf(
  config: SamlConnectionConfig,
  requestMfa: boolean,
): NodeSamlRequestOptions['authnContext'] {
  const wanted = config.requestedAuthnContext;
  if (!requestMfa || !wanted || wanted.classRefs.length === 0) return undefined;
  return { classRefs: wanted.classRefs, comparison: wanted.comparison };
}

/**
 * The HTTP-Redirect URL that sends the browser to the IdP with an AuthnRequest (Bindings §3.4),
 * signed with the SP key when the connection has one. RelayState carries the flow id only.
 */
export async function buildSamlLoginUrl(
  deps: AdminDeps,
  options: LoginRequestOptions,
): Promise<{ redirectUrl: string; requestId: string }> {
  const config = samlConfigOf(options.connection);
  // Core §1.3.4: an xs:ID must not start with a digit; 160 random bits make it unguessable.
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const saml = createNodeSaml(deps, options.connection, {
    requestId,
    forceAuthn: options.forceAuthn,
    authnContext: requestedAuthnContextOf(config, options.requestMfa),
  });
  // TODO(saml-login-hint): SAML has no standard login hint (a Subject in the AuthnRequest is
  // honoured by few IdPs); options.loginHint is not sent until an IdP needs it.
  const redirectUrl = await saml.getAuthorizeUrlAsync(options.flowId, undefined, {});
  return { redirectUrl, requestId };
}
