/**
 * SAML 2.0 service provider for one connection at a time: AuthnRequests, ACS verification,
 * SP metadata, single logout, and the metadata/key helpers the connections module uses.
 */
export { buildSamlLoginUrl } from './build-saml-login-url.js';
export { buildSamlLogoutUrl } from './build-saml-logout-url.js';
export { buildSamlLogoutResponseUrl } from './build-saml-logout-response-url.js';
export { buildSpMetadata } from './build-sp-metadata.js';
export { generateSpKeyPair } from './generate-sp-key-pair.js';
export { parseSamlMetadata, type ParsedSamlMetadata } from './parse-saml-metadata.js';
export { SAML_ERROR_MESSAGES, type SamlErrorCode } from './saml-errors.js';
export { SAML_LOGOUT_ERROR_MESSAGES, type SamlLogoutErrorCode } from './saml-logout-errors.js';
export { samlSpUrls, type SamlSpUrls } from './saml-sp-urls.js';
export { verifySamlPost, type VerifiedSamlResponse } from './verify-saml-post.js';
export {
  recordLogoutRequestId,
  verifySamlLogoutPost,
  type VerifiedSamlLogout,
} from './verify-saml-logout-post.js';
