import { samlError } from './saml-errors.js';

/**
 * Largest SAMLResponse form field accepted, in base64 characters. Real responses with a few
 * dozen attributes stay far below it; a bigger one is refused before it is decoded or parsed.
 */
export const MAX_SAML_RESPONSE_BASE64 = 256 * 1024;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// XML 1.0 §2.8: a DOCTYPE may declare entities (XXE, entity expansion). SAML needs none
// (Core §1.3 schemas only), so any declaration is refused before a parser sees the document.
const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;

export interface DecodedSamlPost {
  xml: string;
  relayState: string | null;
}

/** Reads the HTTP-POST binding form (Bindings §3.5.4): base64 `SAMLResponse`, `RelayState`. */
export function decodeSamlPost(body: unknown): DecodedSamlPost {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const encoded = form.SAMLResponse;
  if (typeof encoded !== 'string' || encoded.length === 0) {
    throw samlError('saml_malformed', { reason: 'missing_saml_response' });
  }
  if (encoded.length > MAX_SAML_RESPONSE_BASE64) {
    throw samlError('saml_too_large', { length: encoded.length });
  }
  const compact = encoded.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw samlError('saml_malformed', { reason: 'not_base64' });

  const xml = Buffer.from(compact, 'base64').toString('utf8');
  if (DOCTYPE.test(xml)) throw samlError('saml_doctype_refused');
  // Bindings §3.5.3: RelayState is at most 80 bytes; ours is a flow id.
  const relayState = typeof form.RelayState === 'string' ? form.RelayState : null;
  if (relayState !== null && relayState.length > 80) {
    throw samlError('saml_malformed', { reason: 'relay_state_too_long' });
  }
  return { xml, relayState: relayState || null };
}
