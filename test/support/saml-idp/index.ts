import { randomBytes } from 'node:crypto';

import { DEFAULT_COMMON_SETTINGS } from '../../../src/sso/connections/sso-defaults.js';
import type { SamlConnectionConfig } from '../../../src/sso/sso-types.js';
import {
  buildAssertionXml,
  buildResponseXml,
  resolveResponseOptions,
} from './build-response-xml.js';
import { buildIdpMetadataXml } from './build-idp-metadata.js';
import {
  buildLogoutRequestXml,
  buildLogoutResponseXml,
  LOGOUT_REQUEST_XPATH,
  LOGOUT_RESPONSE_XPATH,
  type SamlLogoutOptions,
  type SamlLogoutRequestOptions,
  type SamlLogoutResponseOptions,
} from './build-logout-xml.js';
import { parseAuthnRequest, type ParsedAuthnRequest } from './parse-authn-request.js';
import type { SamlResponseOptions } from './saml-response-options.js';
import { ASSERTION_XPATH, RESPONSE_XPATH, signSamlElement } from './sign-saml-xml.js';
import { generateTestKeyPair, type TestKeyPair } from './test-keys.js';

export * from './saml-response-options.js';
export { parseAuthnRequest, type ParsedAuthnRequest } from './parse-authn-request.js';
export type { SamlLogoutRequestOptions, SamlLogoutResponseOptions } from './build-logout-xml.js';
export { parseLogoutResponseRedirect, type ParsedLogoutResponse } from './parse-logout-redirect.js';
export { generateTestKeyPair, type TestKeyPair } from './test-keys.js';

/** Fields a test may set when answering a request; the SP and InResponseTo come from it. */
export type SamlAnswerOptions = Omit<SamlResponseOptions, 'sp'> & {
  sp?: SamlResponseOptions['sp'];
};

/** The form fields an HTTP-POST binding auto-submits to the ACS (Bindings §3.5.4). */
export interface SamlPostForm {
  SAMLResponse: string;
  RelayState?: string;
}

export interface SamlTestIdp {
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  keys: TestKeyPair;
  /** A SAML connection config that trusts this IdP; merge `overrides` on top. */
  connectionConfig(overrides?: Partial<SamlConnectionConfig>): SamlConnectionConfig;
  /** Reads the AuthnRequest out of the redirect URL our SP sent the browser to. */
  parseRequest(redirectUrl: string): ParsedAuthnRequest;
  /** Signs in the user the way a real IdP answers a request: the POST form for our ACS. */
  respondTo(redirectUrl: string, options?: SamlAnswerOptions): SamlPostForm;
  /** A signed Response XML (as `options.sign` says) for any scenario. */
  buildResponse(options: SamlResponseOptions): string;
  /** This IdP's SAML metadata XML (signing certificate, Redirect SSO and SLO endpoints). */
  metadataXml(): string;
  /** Base64 form fields for a Response XML (edited or not). */
  postForm(xml: string, relayState?: string | null): SamlPostForm;
  /** A LogoutRequest from this IdP (Core §3.7.1), signed unless `sign: false`. */
  buildLogoutRequest(options: SamlLogoutRequestOptions): string;
  /** A LogoutResponse from this IdP (Core §3.7.2), signed unless `sign: false`. */
  buildLogoutResponse(options: SamlLogoutResponseOptions): string;
  /** Base64 HTTP-POST form fields for a logout message (Bindings §3.5.4). */
  logoutForm(
    xml: string,
    field: 'SAMLRequest' | 'SAMLResponse',
    relayState?: string | null,
  ): Record<string, string>;
}

export interface SamlTestIdpOptions {
  /** Time the IdP stamps on its responses; pass the test app's fake clock. */
  clock?: { now(): Date };
  entityId?: string;
}

/**
 * A SAML 2.0 IdP for tests: real RSA keys made now, real XML signatures (xml-crypto,
 * RSA-SHA256, exclusive c14n, enveloped), and every field of the Response under the test's
 * control. It never listens on a port: the test carries the redirect URL and the POST form.
 */
export async function startSamlTestIdp(options: SamlTestIdpOptions = {}): Promise<SamlTestIdp> {
  const clock = options.clock ?? { now: () => new Date() };
  const tag = randomBytes(4).toString('hex');
  const base = `https://idp-${tag}.example.test`;
  const entityId = options.entityId ?? `${base}/metadata`;
  const keys = generateTestKeyPair(`Test IdP ${tag}`, clock.now());

  const buildResponse = (o: SamlResponseOptions): string => {
    const r = resolveResponseOptions(entityId, clock.now(), o);
    const key = r.signingKey ?? keys;
    const signing = {
      ...key,
      signatureAlgorithm: r.signatureAlgorithm,
      digestAlgorithm: r.digestAlgorithm,
    };
    let xml = buildResponseXml(r, buildAssertionXml(r));
    if (r.sign === 'assertion' || r.sign === 'both') {
      xml = signSamlElement(xml, ASSERTION_XPATH, signing);
    }
    if (r.sign === 'response' || r.sign === 'both') {
      xml = signSamlElement(xml, RESPONSE_XPATH, signing);
    }
    return xml;
  };
  const signLogout = (xml: string, xpath: string, o: SamlLogoutOptions): string => {
    if (o.sign === false) return xml;
    const algorithm = o.signatureAlgorithm ?? 'sha256';
    const key = o.signingKey ?? keys;
    const signing = { ...key, signatureAlgorithm: algorithm, digestAlgorithm: algorithm };
    return signSamlElement(xml, xpath, signing);
  };
  const postForm = (xml: string, relayState?: string | null): SamlPostForm => ({
    SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
    ...(relayState ? { RelayState: relayState } : {}),
  });

  return {
    entityId,
    ssoUrl: `${base}/sso`,
    sloUrl: `${base}/slo`,
    keys,
    connectionConfig: (overrides = {}) => ({
      ...DEFAULT_COMMON_SETTINGS,
      idpEntityId: entityId,
      idpSsoUrl: `${base}/sso`,
      idpSloUrl: `${base}/slo`,
      idpCertificates: [keys.certificatePem],
      metadataUrl: null,
      allowSignedResponseOnly: false,
      allowIdpInitiated: false,
      allowSha1: false,
      clockSkewSeconds: 60,
      nameIdFormat: null,
      requestedAuthnContext: { classRefs: [], comparison: 'minimum' },
      ...overrides,
    }),
    parseRequest: parseAuthnRequest,
    respondTo: (redirectUrl, answer = {}) => {
      const request = parseAuthnRequest(redirectUrl);
      const sp = answer.sp ?? { entityId: request.issuer, acsUrl: request.acsUrl ?? '' };
      const xml = buildResponse({ inResponseTo: request.id, ...answer, sp });
      return postForm(xml, request.relayState);
    },
    buildResponse,
    metadataXml: () =>
      buildIdpMetadataXml({
        entityId,
        ssoUrl: `${base}/sso`,
        sloUrl: `${base}/slo`,
        certificates: [keys.certificatePem],
      }),
    postForm,
    buildLogoutRequest: (o) =>
      signLogout(buildLogoutRequestXml(entityId, clock.now(), o), LOGOUT_REQUEST_XPATH, o),
    buildLogoutResponse: (o) =>
      signLogout(buildLogoutResponseXml(entityId, clock.now(), o), LOGOUT_RESPONSE_XPATH, o),
    logoutForm: (xml, field, relayState) => ({
      [field]: Buffer.from(xml, 'utf8').toString('base64'),
      ...(relayState ? { RelayState: relayState } : {}),
    }),
  };
}
