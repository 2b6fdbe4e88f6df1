/**
 * OpenID Connect relying party (issue 4), one step per file:
 * discover-oidc-issuer → build-oidc-login-url → (browser at the OP) → complete-oidc-callback:
 * check-authorization-response → exchange-oidc-code → check-auth-time → oidc-identity.
 */
export { buildOidcLoginUrl, type OidcLoginRequest } from './build-oidc-login-url.js';
export { completeOidcCallback, type OidcCallbackInput } from './complete-oidc-callback.js';
export { discoverOidcIssuer } from './discover-oidc-issuer.js';
export type { OidcDeps } from './oidc-client-configuration.js';
export type { OidcErrorCode } from './oidc-errors.js';
