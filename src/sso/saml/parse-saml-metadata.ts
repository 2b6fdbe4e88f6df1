import { samlError } from './saml-errors.js';
import { allElements, attr, childElements, NS_DSIG, parseStrictXml } from './saml-xml.js';

const NS_METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface ParsedSamlMetadata {
  idpEntityId: string;
  idpSsoUrl: string;
  idpSloUrl: string | null;
  idpCertificates: string[];
}

function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`;
}

function locationFor(descriptor: Element, service: string): string | null {
  const endpoint = childElements(descriptor, service, NS_METADATA).find(
    (e) => attr(e, 'Binding') === BINDING_REDIRECT,
  );
  return attr(endpoint ?? null, 'Location');
}

/** Metadata §2.4.1.1: signing keys are KeyDescriptors with use="signing" or no use at all. */
function signingCertificates(descriptor: Element): string[] {
  const keys = childElements(descriptor, 'KeyDescriptor', NS_METADATA).filter((k) => {
    const use = attr(k, 'use');
    return use === null || use === 'signing';
  });
  const certs = keys.flatMap((k) =>
    allElements(k).filter((e) => e.localName === 'X509Certificate' && e.namespaceURI === NS_DSIG),
  );
  return [...new Set(certs.map((c) => toPem(c.textContent ?? '')))];
}

/**
 * Reads an IdP's SAML metadata: its one EntityDescriptor with an IDPSSODescriptor, the
 * HTTP-Redirect SSO endpoint (the binding `buildSamlLoginUrl` uses), the optional Redirect SLO
 * endpoint and the signing certificates. DOCTYPE is refused as for responses (XXE).
 */
export function parseSamlMetadata(xml: string): ParsedSamlMetadata {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw samlError('saml_metadata_invalid', { reason: 'doctype' });
  const doc = parseStrictXml(xml);
  if (!doc) throw samlError('saml_metadata_invalid', { reason: 'not_xml' });
  const root = doc.documentElement;
  const entities = [root, ...allElements(root)].filter(
    (e) =>
      e.localName === 'EntityDescriptor' &&
      e.namespaceURI === NS_METADATA &&
      childElements(e, 'IDPSSODescriptor', NS_METADATA).length > 0,
  );
  if (entities.length !== 1) {
    throw samlError('saml_metadata_invalid', {
      reason: 'expected_one_idp_entity',
      found: entities.length,
    });
  }
  const entity = entities[0]!;
  const descriptor = childElements(entity, 'IDPSSODescriptor', NS_METADATA)[0]!;
  const idpEntityId = attr(entity, 'entityID');
  const idpSsoUrl = locationFor(descriptor, 'SingleSignOnService');
  if (!idpEntityId) throw samlError('saml_metadata_invalid', { reason: 'no_entity_id' });
  if (!idpSsoUrl) throw samlError('saml_metadata_invalid', { reason: 'no_redirect_sso_binding' });
  const idpCertificates = signingCertificates(descriptor);
  if (idpCertificates.length === 0) {
    throw samlError('saml_metadata_invalid', { reason: 'no_signing_certificate' });
  }
  return {
    idpEntityId,
    idpSsoUrl,
    idpSloUrl: locationFor(descriptor, 'SingleLogoutService'),
    idpCertificates,
  };
}
