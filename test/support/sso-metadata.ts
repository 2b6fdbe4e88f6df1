import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import selfsigned from 'selfsigned';

import { DEFAULT_OUTBOUND_POLICY, type OutboundPolicy } from '../../src/ops/outbound-http.js';

/** The policy of tests whose peers run on loopback over plain http. */
export const LOOPBACK_POLICY: OutboundPolicy = {
  ...DEFAULT_OUTBOUND_POLICY,
  allowHttp: true,
  allowPrivateNetworks: true,
  timeoutMs: 2_000,
};

/** When a certificate stops being valid, as the admin API reports it. */
export function certificateNotAfter(pem: string): Date {
  return new Date(new X509Certificate(pem).validTo);
}

/**
 * A self-signed IdP certificate. `selfsigned` counts `days` from the real clock, so tests read the
 * end date back with `certificateNotAfter`; the start is fixed in the past so the certificate
 * generates at any real or fake time.
 */
export function makeIdpCertificate(commonName: string, days: number): string {
  const generated = selfsigned.generate([{ name: 'commonName', value: commonName }], {
    days,
    notBeforeDate: new Date('2020-01-01T00:00:00Z'),
    keySize: 1024,
    algorithm: 'sha256',
  });
  return generated.cert.trim();
}

const base64Of = (pem: string) => pem.replace(/-----[^-]+-----|\s+/g, '');

/** IdP metadata as Okta or Entra publish it: one EntityDescriptor, Redirect SSO, signing keys. */
export function idpMetadataXml(options: {
  entityId: string;
  ssoUrl: string;
  sloUrl?: string;
  certificates: string[];
}): string {
  const keys = options.certificates
    .map(
      (pem) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
        <ds:X509Certificate>${base64Of(pem)}</ds:X509Certificate>
      </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  const redirect = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
  const slo = options.sloUrl
    ? `<md:SingleLogoutService Binding="${redirect}" Location="${options.sloUrl}"/>`
    : '';
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${options.entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keys}${slo}
    <md:SingleSignOnService Binding="${redirect}" Location="${options.ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

/** A loopback server publishing metadata documents by path; `set` changes what it serves. */
export interface MetadataServer {
  url(path: string): string;
  set(path: string, status: number, body: string): void;
  requests: string[];
  close(): Promise<void>;
}

export async function startMetadataServer(): Promise<MetadataServer> {
  const documents = new Map<string, { status: number; body: string }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const doc = documents.get(req.url ?? '');
    if (!doc) return void res.writeHead(404).end();
    res.writeHead(doc.status, { 'content-type': 'application/samlmetadata+xml' }).end(doc.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, status, body) => documents.set(path, { status, body }),
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
