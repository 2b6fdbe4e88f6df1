import { DOMParser } from '@xmldom/xmldom';

import { buildSpMetadata, parseSamlMetadata } from '../../src/sso/saml/index.js';
import { SsoError } from '../../src/sso/sso-errors.js';
import { setUpSamlConnection, type SamlTestSetup } from '../support/saml-idp/saml-test-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NS_METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

function spDescriptor(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  const sp = root.getElementsByTagNameNS(NS_METADATA, 'SPSSODescriptor')[0]!;
  const endpoint = (name: string) => {
    const el = sp.getElementsByTagNameNS(NS_METADATA, name)[0];
    return el
      ? { binding: el.getAttribute('Binding'), location: el.getAttribute('Location') }
      : null;
  };
  return {
    entityId: root.getAttribute('entityID'),
    authnRequestsSigned: sp.getAttribute('AuthnRequestsSigned'),
    wantAssertionsSigned: sp.getAttribute('WantAssertionsSigned'),
    acs: endpoint('AssertionConsumerService'),
    slo: endpoint('SingleLogoutService'),
    certificates: Array.from(sp.getElementsByTagName('ds:X509Certificate')).map((c) =>
      body(c.textContent ?? ''),
    ),
  };
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (e: unknown) {
    return e instanceof SsoError ? e.code : String(e);
  }
}

describe('SAML metadata (SAML Metadata §2.4)', () => {
  let t: TestApp;
  let setup: SamlTestSetup;

  beforeAll(async () => {
    t = await startTestApp();
    setup = await setUpSamlConnection(t, 'saml-metadata');
  });
  afterAll(() => t.close());

  it('publishes our SP: entity id, HTTP-POST ACS, SLO, signing certificate', () => {
    const metadata = spDescriptor(buildSpMetadata(setup.deps, setup.connection));
    expect(metadata).toEqual({
      entityId: setup.sp.entityId,
      authnRequestsSigned: 'true',
      wantAssertionsSigned: 'true',
      acs: { binding: BINDING_POST, location: setup.sp.acsUrl },
      slo: { binding: BINDING_POST, location: expect.stringMatching(/\/slo$/) },
      certificates: [body(setup.connection.spCertificate!)],
    });
  });

  it('says AuthnRequestsSigned false and lists no key when the SP has none', () => {
    const keyless = { ...setup.connection, spPrivateKeyEncrypted: null, spCertificate: null };
    const metadata = spDescriptor(buildSpMetadata(setup.deps, keyless));
    expect(metadata).toMatchObject({
      authnRequestsSigned: 'false',
      wantAssertionsSigned: 'true',
      certificates: [],
    });
  });

  it('imports IdP metadata: entity id, Redirect SSO and SLO endpoints, certificates', () => {
    const parsed = parseSamlMetadata(setup.idp.metadataXml());
    expect({ ...parsed, idpCertificates: parsed.idpCertificates.map(body) }).toEqual({
      idpEntityId: setup.idp.entityId,
      idpSsoUrl: setup.idp.ssoUrl,
      idpSloUrl: setup.idp.sloUrl,
      idpCertificates: [body(setup.idp.keys.certificatePem)],
    });
    // The PEM it returns is usable as a trusted certificate as is.
    expect(parsed.idpCertificates[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('refuses metadata with a DOCTYPE, without the Redirect binding, or without a key', () => {
    const xml = setup.idp.metadataXml();
    const doctype = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${xml}`;
    const postOnly = xml.replace(
      /<md:SingleSignOnService Binding="[^"]*HTTP-Redirect"[^>]*\/>/,
      '',
    );
    const keyless = xml.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '');

    expect(codeOf(() => parseSamlMetadata(doctype))).toBe('saml_metadata_invalid');
    expect(codeOf(() => parseSamlMetadata(postOnly))).toBe('saml_metadata_invalid');
    expect(codeOf(() => parseSamlMetadata(keyless))).toBe('saml_metadata_invalid');
    expect(codeOf(() => parseSamlMetadata('<not-xml'))).toBe('saml_metadata_invalid');
  });
});
