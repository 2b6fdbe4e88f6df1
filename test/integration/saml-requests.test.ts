import { createVerify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

import { buildSamlLoginUrl, buildSamlLogoutUrl } from '../../src/sso/saml/index.js';
import type { SamlConnectionConfig, SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { setUpSamlConnection, type SamlTestSetup } from '../support/saml-idp/saml-test-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const AC_MFA = 'http://schemas.microsoft.com/claims/multipleauthn';

/** Bindings §3.4.4.1: the signature covers SAMLRequest[&RelayState]&SigAlg as sent. */
function redirectSignatureValid(signedQuery: string, signature: string, certPem: string): boolean {
  return createVerify('RSA-SHA256').update(signedQuery).verify(certPem, signature, 'base64');
}

describe('SAML AuthnRequest and LogoutRequest (Core §3.4, Bindings §3.4 HTTP-Redirect)', () => {
  let t: TestApp;
  let setup: SamlTestSetup;

  const login = (
    connection: SsoConnectionRecord,
    options: { forceAuthn?: boolean; requestMfa?: boolean } = {},
  ) =>
    buildSamlLoginUrl(setup.deps, {
      connection,
      flowId: 'flow-123',
      forceAuthn: options.forceAuthn ?? false,
      requestMfa: options.requestMfa ?? false,
      loginHint: null,
    });
  const withConfig = (patch: Partial<SamlConnectionConfig>): SsoConnectionRecord => ({
    ...setup.connection,
    config: { ...setup.connection.config, ...patch } as SamlConnectionConfig,
  });

  beforeAll(async () => {
    t = await startTestApp();
    setup = await setUpSamlConnection(t, 'saml-requests');
  });
  afterAll(() => t.close());

  it('sends a signed AuthnRequest to the IdP with the flow id as RelayState', async () => {
    const { redirectUrl, requestId } = await login(setup.connection);
    const request = setup.idp.parseRequest(redirectUrl);

    expect(redirectUrl.startsWith(`${setup.idp.ssoUrl}?`)).toBe(true);
    expect(request).toMatchObject({
      id: requestId,
      issuer: setup.sp.entityId,
      acsUrl: setup.sp.acsUrl,
      destination: setup.idp.ssoUrl,
      forceAuthn: false,
      requestedAuthnContext: null,
      relayState: 'flow-123',
      sigAlg: RSA_SHA256,
    });
    const cert = setup.connection.spCertificate!;
    expect(redirectSignatureValid(request.signedQuery!, request.signature!, cert)).toBe(true);
    expect(redirectSignatureValid(`${request.signedQuery}x`, request.signature!, cert)).toBe(false);
  });

  it('draws a new unguessable request id every time', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) ids.add((await login(setup.connection)).requestId);
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^_[0-9a-f]{40}$/);
  });

  it('asks for ForceAuthn on step-up', async () => {
    const { redirectUrl } = await login(setup.connection, { forceAuthn: true });
    expect(setup.idp.parseRequest(redirectUrl).forceAuthn).toBe(true);
  });

  it('sends no RequestedAuthnContext by default, even when MFA is required', async () => {
    const { redirectUrl } = await login(setup.connection, { requestMfa: true });
    expect(setup.idp.parseRequest(redirectUrl).requestedAuthnContext).toBeNull();
  });

  it('sends the configured RequestedAuthnContext only when MFA is required', async () => {
    const configured = withConfig({
      requestedAuthnContext: { classRefs: [AC_MFA], comparison: 'minimum' },
    });
    const mfa = await login(configured, { requestMfa: true });
    const plain = await login(configured, { requestMfa: false });

    expect(setup.idp.parseRequest(mfa.redirectUrl).requestedAuthnContext).toEqual({
      comparison: 'minimum',
      classRefs: [AC_MFA],
    });
    expect(setup.idp.parseRequest(plain.redirectUrl).requestedAuthnContext).toBeNull();
  });

  it('sends an unsigned request when the connection has no SP key', async () => {
    const unsigned = { ...setup.connection, spPrivateKeyEncrypted: null, spCertificate: null };
    const request = setup.idp.parseRequest((await login(unsigned)).redirectUrl);
    expect({ sigAlg: request.sigAlg, signature: request.signature }).toEqual({
      sigAlg: null,
      signature: null,
    });
  });

  it('answers a request end to end: the IdP reply verifies and matches the request', async () => {
    const { redirectUrl, requestId } = await login(setup.connection);
    const form = setup.idp.respondTo(redirectUrl, { nameId: 'ada@example.com' });
    const verified = await setup.verify(form);
    expect({ inResponseTo: verified.inResponseTo, relayState: verified.relayState }).toEqual({
      inResponseTo: requestId,
      relayState: 'flow-123',
    });
  });

  it('builds a signed LogoutRequest for the IdP session, or null without SLO', async () => {
    const session = { nameId: 'ada@example.com', sessionIndex: '_session-7' };
    const url = await buildSamlLogoutUrl(setup.deps, setup.connection, session);
    const noSlo = await buildSamlLogoutUrl(setup.deps, withConfig({ idpSloUrl: null }), session);

    expect(noSlo).toBeNull();
    const parsed = new URL(url!);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(setup.idp.sloUrl);
    expect(parsed.searchParams.get('SigAlg')).toBe(RSA_SHA256);
    const xml = inflateRawSync(Buffer.from(parsed.searchParams.get('SAMLRequest')!, 'base64'));
    expect(xml.toString()).toContain('>ada@example.com</saml:NameID>');
    expect(xml.toString()).toContain('>_session-7</saml2p:SessionIndex>');
  });
});
