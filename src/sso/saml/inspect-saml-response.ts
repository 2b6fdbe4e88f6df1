import { samlError } from './saml-errors.js';
import {
  allElements,
  attr,
  childElements,
  NS_ASSERTION,
  NS_DSIG,
  NS_PROTOCOL,
  nestsDeeperThan,
  onlyChild,
  parseStrictXml,
} from './saml-xml.js';

const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const COMMENT_NODE = 8;
const PROCESSING_INSTRUCTION_NODE = 7;
const TEXT_NODE = 3;
const CDATA_NODE = 4;
const ID_ATTRIBUTES = ['ID', 'Id', 'id'];
/** StatusCode values are URIs (Core §3.2.2.2); more than this is cut before it is logged. */
export const MAX_STATUS_LENGTH = 200;
/**
 * A real Response nests about ten levels (Response, Assertion, AttributeStatement, Attribute,
 * AttributeValue; Signature, KeyInfo, X509Data…). Anything far deeper is refused before any
 * recursive walk here, in node-saml or in xml-crypto's c14n sees it.
 */
export const MAX_DEPTH = 64;

/**
 * What the Response envelope says. None of it is signed when only the assertion is: it is
 * read only to refuse (status, Destination, Issuer), never to accept or to name a user.
 */
export interface ResponseEnvelope {
  destination: string | null;
  inResponseTo: string | null;
  issuer: string | null;
}

/** The document has one root element and nothing else but whitespace and the XML declaration. */
export function checkSingleRoot(doc: Document): void {
  const nodes = doc.childNodes;
  let elements = 0;
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i]!;
    if (node.nodeType === 1) elements += 1;
    else if (node.nodeType === TEXT_NODE && !/\S/.test(node.nodeValue ?? '')) continue;
    else if (node.nodeType !== PROCESSING_INSTRUCTION_NODE) elements += 2;
  }
  if (elements !== 1) throw samlError('saml_malformed', { reason: 'several_roots' });
}

/**
 * xs:ID values are unique in a document (Core §1.3.4, XML Schema §3.3.8). A second element with
 * the signed element's id is how wrapping attacks point a verifier at one node and a reader at
 * another, so any repeat is refused outright.
 */
export function checkUniqueIds(elements: Element[]): void {
  const seen = new Set<string>();
  for (const el of elements) {
    for (const name of ID_ATTRIBUTES) {
      const id = attr(el, name);
      if (id === null) continue;
      if (seen.has(id)) throw samlError('saml_malformed', { reason: 'duplicate_id' });
      seen.add(id);
    }
  }
}

/**
 * XML-DSig §4: nothing in a Signature needs comments or processing instructions, and a comment
 * in DigestValue or SignatureValue is how verifiers that read only the first text node were
 * fooled (CVE-2025-29775). SHA-1 (XML-DSig 1.1 §6.2 deprecates it) is refused unless allowed.
 */
export function checkSignatures(elements: Element[], allowSha1: boolean): void {
  for (const sig of elements.filter(
    (e) => e.localName === 'Signature' && e.namespaceURI === NS_DSIG,
  )) {
    const inner = allElements(sig);
    for (const el of [sig, ...inner]) {
      const kids = el.childNodes;
      for (let i = 0; i < kids.length; i += 1) {
        const type = kids[i]!.nodeType;
        if (type === COMMENT_NODE || type === PROCESSING_INSTRUCTION_NODE || type === CDATA_NODE) {
          throw samlError('saml_signature_invalid', { reason: 'comment_in_signature' });
        }
      }
    }
    const algorithms = inner
      .filter((e) => e.localName === 'SignatureMethod' || e.localName === 'DigestMethod')
      .map((e) => attr(e, 'Algorithm') ?? '');
    if (!allowSha1 && algorithms.some((a) => /sha1$/i.test(a))) {
      throw samlError('saml_sha1_refused');
    }
  }
}

/**
 * No IdP puts comments or processing instructions inside a SAML message, and c14n drops
 * comments from what is signed: a comment can split a NameID ("victim@x<!---->.attacker.test")
 * without breaking the signature. Refusing them leaves no text whose meaning depends on the
 * reader (the verified bytes are comment-free either way).
 */
export function checkNoComments(elements: Element[]): void {
  for (const el of elements) {
    const kids = el.childNodes;
    for (let i = 0; i < kids.length; i += 1) {
      const type = kids[i]!.nodeType;
      if (type === COMMENT_NODE || type === PROCESSING_INSTRUCTION_NODE) {
        throw samlError('saml_malformed', { reason: 'comment' });
      }
    }
  }
}

/**
 * Core §3.2.2.2: a top-level StatusCode other than Success means the request failed, whatever
 * else the message carries; an assertion riding along with a failure is never used.
 */
function checkStatus(response: Element): void {
  const status = onlyChild(response, 'Status', NS_PROTOCOL);
  const code = status && status !== 'many' ? onlyChild(status, 'StatusCode', NS_PROTOCOL) : null;
  if (!code || code === 'many') throw samlError('saml_malformed', { reason: 'no_status' });
  const value = attr(code, 'Value');
  if (value !== STATUS_SUCCESS) {
    const nested = onlyChild(code, 'StatusCode', NS_PROTOCOL);
    const second = nested && nested !== 'many' ? attr(nested, 'Value') : null;
    // Read before any signature is checked: the sender's text, so cut to a fixed size before it
    // reaches the log and the audit payload.
    throw samlError('saml_status_failure', {
      status: value?.slice(0, MAX_STATUS_LENGTH) ?? null,
      subStatus: second?.slice(0, MAX_STATUS_LENGTH) ?? null,
    });
  }
}

/**
 * Structural checks on the raw Response before any signature is verified: one root that is a
 * samlp:Response, unique ids, clean signatures with allowed algorithms, a Success status.
 */
export function inspectSamlResponse(xml: string, allowSha1: boolean): ResponseEnvelope {
  const doc = parseStrictXml(xml);
  if (!doc) throw samlError('saml_malformed', { reason: 'not_xml' });
  if (doc.doctype) throw samlError('saml_doctype_refused');
  if (nestsDeeperThan(doc, MAX_DEPTH)) throw samlError('saml_malformed', { reason: 'too_deep' });
  checkSingleRoot(doc);
  const response = doc.documentElement;
  if (response.localName !== 'Response' || response.namespaceURI !== NS_PROTOCOL) {
    throw samlError('saml_malformed', { reason: 'not_a_response' });
  }
  const elements = [response, ...allElements(response)];
  checkUniqueIds(elements);
  checkSignatures(elements, allowSha1);
  checkNoComments(elements);
  checkStatus(response);

  const issuers = childElements(response, 'Issuer', NS_ASSERTION);
  if (issuers.length > 1) throw samlError('saml_malformed', { reason: 'several_issuers' });
  return {
    destination: attr(response, 'Destination'),
    inResponseTo: attr(response, 'InResponseTo'),
    issuer: issuers[0] ? (issuers[0].textContent ?? '').trim() : null,
  };
}
