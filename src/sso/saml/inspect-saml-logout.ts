import {
  checkNoComments,
  checkSignatures,
  checkSingleRoot,
  checkUniqueIds,
  MAX_DEPTH,
} from './inspect-saml-response.js';
import { samlLogoutError } from './saml-logout-errors.js';
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

export type SamlLogoutKind = 'LogoutRequest' | 'LogoutResponse';

/** What a logout message says; trusted only once its root signature is verified. */
export interface LogoutMessageFacts {
  kind: SamlLogoutKind;
  id: string;
  issuer: string | null;
  destination: string | null;
  issueInstant: string | null;
  inResponseTo: string | null;
  /** LogoutRequest only (Core §3.7.1): the time the request expires. */
  notOnOrAfter: string | null;
  /** LogoutResponse only: top-level and second-level StatusCode values. */
  status: { code: string | null; subCode: string | null };
  nameId: string | null;
  nameIdFormat: string | null;
  sessionIndexes: string[];
}

const text = (el: Element) => (el.textContent ?? '').trim();

/**
 * Core §5.4.1: a protocol message is signed by an enveloped signature that is a child of its
 * root. Exactly one Signature in the document, in that place: the signature node-saml verifies
 * over the root then covers every other node we read here (the enveloped transform removes only
 * the Signature itself), and no second signed element can stand in for the first.
 */
function checkRootSignature(root: Element, elements: Element[]): void {
  const signatures = elements.filter(
    (e) => e.localName === 'Signature' && e.namespaceURI === NS_DSIG,
  );
  if (signatures.length === 0) throw samlLogoutError('saml_logout_invalid', { reason: 'unsigned' });
  if (signatures.length > 1 || signatures[0]!.parentNode !== root) {
    throw samlLogoutError('saml_logout_invalid', { reason: 'signature_placement' });
  }
}

/** A text-only element; child elements in a NameID or SessionIndex are refused. */
function textOnly(el: Element, what: string): string {
  if (childElements(el).length > 0) throw samlError('saml_malformed', { reason: `nested_${what}` });
  return text(el);
}

function readNameId(root: Element): { nameId: string | null; nameIdFormat: string | null } {
  if (childElements(root, 'EncryptedID', NS_ASSERTION).length > 0) {
    // TODO(saml-encryption): an EncryptedID needs the SP decryption key we do not publish yet.
    throw samlLogoutError('saml_logout_invalid', { reason: 'encrypted_id_unsupported' });
  }
  const nameId = onlyChild(root, 'NameID', NS_ASSERTION);
  if (nameId === 'many') throw samlError('saml_malformed', { reason: 'several_name_ids' });
  if (!nameId) return { nameId: null, nameIdFormat: null };
  return { nameId: textOnly(nameId, 'name_id'), nameIdFormat: attr(nameId, 'Format') };
}

function readStatus(root: Element): LogoutMessageFacts['status'] {
  const status = onlyChild(root, 'Status', NS_PROTOCOL);
  const code = status && status !== 'many' ? onlyChild(status, 'StatusCode', NS_PROTOCOL) : null;
  if (!code || code === 'many') throw samlError('saml_malformed', { reason: 'no_status' });
  const nested = onlyChild(code, 'StatusCode', NS_PROTOCOL);
  return {
    code: attr(code, 'Value'),
    subCode: nested && nested !== 'many' ? attr(nested, 'Value') : null,
  };
}

/**
 * The ACS's structural guards (one root, bounded depth, unique ids, clean signatures with allowed
 * algorithms, no comments), then the facts of a samlp:LogoutRequest or samlp:LogoutResponse.
 * DOCTYPE and size were refused before (`decodeSamlPost`).
 */
export function inspectSamlLogout(xml: string, allowSha1: boolean): LogoutMessageFacts {
  const doc = parseStrictXml(xml);
  if (!doc) throw samlError('saml_malformed', { reason: 'not_xml' });
  if (doc.doctype) throw samlError('saml_doctype_refused');
  if (nestsDeeperThan(doc, MAX_DEPTH)) throw samlError('saml_malformed', { reason: 'too_deep' });
  checkSingleRoot(doc);
  const root = doc.documentElement;
  const kind = root.localName;
  if (
    (kind !== 'LogoutRequest' && kind !== 'LogoutResponse') ||
    root.namespaceURI !== NS_PROTOCOL
  ) {
    throw samlLogoutError('saml_logout_invalid', { reason: 'not_a_logout_message' });
  }
  const elements = [root, ...allElements(root)];
  checkUniqueIds(elements);
  checkSignatures(elements, allowSha1);
  checkNoComments(elements);
  checkRootSignature(root, elements);

  const id = attr(root, 'ID');
  if (!id) throw samlError('saml_malformed', { reason: 'no_id' });
  const issuers = childElements(root, 'Issuer', NS_ASSERTION);
  if (issuers.length > 1) throw samlError('saml_malformed', { reason: 'several_issuers' });
  const isRequest = kind === 'LogoutRequest';
  return {
    kind,
    id,
    issuer: issuers[0] ? textOnly(issuers[0], 'issuer') : null,
    destination: attr(root, 'Destination'),
    issueInstant: attr(root, 'IssueInstant'),
    inResponseTo: attr(root, 'InResponseTo'),
    notOnOrAfter: isRequest ? attr(root, 'NotOnOrAfter') : null,
    status: isRequest ? { code: null, subCode: null } : readStatus(root),
    ...(isRequest ? readNameId(root) : { nameId: null, nameIdFormat: null }),
    sessionIndexes: isRequest
      ? childElements(root, 'SessionIndex', NS_PROTOCOL).map((e) => textOnly(e, 'session_index'))
      : [],
  };
}
