import { inflateRawSync } from 'node:zlib';

import { DOMParser } from '@xmldom/xmldom';

/** What the IdP read from an AuthnRequest sent with the HTTP-Redirect binding. */
export interface ParsedAuthnRequest {
  id: string;
  issuer: string;
  acsUrl: string | null;
  destination: string | null;
  forceAuthn: boolean;
  requestedAuthnContext: { comparison: string | null; classRefs: string[] } | null;
  nameIdFormat: string | null;
  relayState: string | null;
  /** SigAlg/Signature query parameters (Bindings §3.4.4.1), null when unsigned. */
  sigAlg: string | null;
  signature: string | null;
  /** The exact query bytes a Redirect signature covers: SAMLRequest[&RelayState]&SigAlg. */
  signedQuery: string | null;
  xml: string;
}

function rawParam(query: string, name: string): string | null {
  const part = query.split('&').find((p) => p.startsWith(`${name}=`));
  return part === undefined ? null : part.slice(name.length + 1);
}

function signedQueryOf(query: string): string | null {
  const names = ['SAMLRequest', 'RelayState', 'SigAlg'];
  const parts = names.map((n) => [n, rawParam(query, n)] as const).filter(([, v]) => v !== null);
  if (!parts.some(([n]) => n === 'SigAlg')) return null;
  return parts.map(([n, v]) => `${n}=${v}`).join('&');
}

/** Inflates and parses the SAMLRequest of a redirect URL (Bindings §3.4.4.1, DEFLATE). */
export function parseAuthnRequest(redirectUrl: string): ParsedAuthnRequest {
  const url = new URL(redirectUrl);
  const encoded = url.searchParams.get('SAMLRequest');
  if (!encoded) throw new Error('no SAMLRequest in the redirect URL');
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  const child = (name: string) =>
    Array.from(root.childNodes as unknown as ArrayLike<Element>).find((n) => n.localName === name);
  const rac = child('RequestedAuthnContext');
  const classRefs = rac
    ? Array.from(rac.getElementsByTagNameNS('*', 'AuthnContextClassRef')).map(
        (n) => n.textContent ?? '',
      )
    : [];
  return {
    id: root.getAttribute('ID') ?? '',
    issuer: child('Issuer')?.textContent ?? '',
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') || null,
    destination: root.getAttribute('Destination') || null,
    forceAuthn: root.getAttribute('ForceAuthn') === 'true',
    requestedAuthnContext: rac
      ? { comparison: rac.getAttribute('Comparison') || null, classRefs }
      : null,
    nameIdFormat: child('NameIDPolicy')?.getAttribute('Format') || null,
    relayState: url.searchParams.get('RelayState'),
    sigAlg: url.searchParams.get('SigAlg'),
    signature: url.searchParams.get('Signature'),
    signedQuery: signedQueryOf(url.search.slice(1)),
    xml,
  };
}
