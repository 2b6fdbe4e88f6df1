import { inflateRawSync } from 'node:zlib';

import { DOMParser } from '@xmldom/xmldom';

/** What the IdP read from a LogoutResponse our SP sent with the HTTP-Redirect binding. */
export interface ParsedLogoutResponse {
  id: string;
  inResponseTo: string | null;
  issuer: string;
  destination: string | null;
  status: string | null;
  relayState: string | null;
  /** SigAlg/Signature query parameters (Bindings §3.4.4.1), null when unsigned. */
  sigAlg: string | null;
  signature: string | null;
  xml: string;
}

/** Inflates and parses the SAMLResponse of a redirect URL (Bindings §3.4.4.1, DEFLATE). */
export function parseLogoutResponseRedirect(redirectUrl: string): ParsedLogoutResponse {
  const url = new URL(redirectUrl);
  const encoded = url.searchParams.get('SAMLResponse');
  if (!encoded) throw new Error('no SAMLResponse in the redirect URL');
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  if (root.localName !== 'LogoutResponse')
    throw new Error(`not a LogoutResponse: ${root.localName}`);
  const first = (name: string) => root.getElementsByTagNameNS('*', name)[0] ?? null;
  return {
    id: root.getAttribute('ID') ?? '',
    inResponseTo: root.getAttribute('InResponseTo') || null,
    issuer: first('Issuer')?.textContent ?? '',
    destination: root.getAttribute('Destination') || null,
    status: first('StatusCode')?.getAttribute('Value') ?? null,
    relayState: url.searchParams.get('RelayState'),
    sigAlg: url.searchParams.get('SigAlg'),
    signature: url.searchParams.get('Signature'),
    xml,
  };
}
