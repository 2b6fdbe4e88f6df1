import { escapeXml } from './build-response-xml.js';

const NS_METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const NS_DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

function certBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/** IdP metadata (Metadata §2.4.3) as Okta or Entra publish it: Redirect and POST endpoints. */
export function buildIdpMetadataXml(idp: {
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  certificates: string[];
}): string {
  const keys = idp.certificates
    .map(
      (pem) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>` +
        `${certBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  const endpoint = (name: string, binding: string, url: string) =>
    `<md:${name} Binding="${binding}" Location="${escapeXml(url)}"/>`;
  return (
    `<md:EntityDescriptor xmlns:md="${NS_METADATA}" xmlns:ds="${NS_DSIG}"` +
    ` entityID="${escapeXml(idp.entityId)}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false"` +
    ` protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}` +
    endpoint('SingleLogoutService', BINDING_REDIRECT, idp.sloUrl) +
    endpoint('SingleSignOnService', BINDING_POST, `${idp.ssoUrl}/post`) +
    endpoint('SingleSignOnService', BINDING_REDIRECT, idp.ssoUrl) +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}
