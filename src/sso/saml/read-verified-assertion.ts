import { samlError } from './saml-errors.js';
import { attr, childElements, NS_ASSERTION, onlyChild, parseStrictXml } from './saml-xml.js';

const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface BearerConfirmation {
  recipient: string | null;
  notBefore: string | null;
  notOnOrAfter: string | null;
  inResponseTo: string | null;
}

/** The facts of one signed assertion, as read from its verified bytes. */
export interface AssertionFacts {
  id: string;
  issuer: string;
  nameId: string | null;
  nameIdFormat: string | null;
  confirmations: BearerConfirmation[];
  notBefore: string | null;
  notOnOrAfter: string | null;
  /** One list per AudienceRestriction (Core §2.5.1.4: each must name us). */
  audienceRestrictions: string[][];
  authnInstant: string | null;
  sessionIndex: string | null;
  classRefs: string[];
  attributes: Record<string, string[]>;
}

const text = (el: Element | null) => (el ? (el.textContent ?? '').trim() : null);

function one(parent: Element, name: string): Element | null {
  const found = onlyChild(parent, name, NS_ASSERTION);
  if (found === 'many') throw samlError('saml_malformed', { reason: `several_${name}` });
  return found;
}

function readConfirmations(subject: Element | null): BearerConfirmation[] {
  if (!subject) return [];
  return childElements(subject, 'SubjectConfirmation', NS_ASSERTION)
    .filter((c) => attr(c, 'Method') === CM_BEARER)
    .map((c) => {
      const data = one(c, 'SubjectConfirmationData');
      return {
        recipient: attr(data, 'Recipient'),
        notBefore: attr(data, 'NotBefore'),
        notOnOrAfter: attr(data, 'NotOnOrAfter'),
        inResponseTo: attr(data, 'InResponseTo'),
      };
    });
}

function readAttributes(assertion: Element): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  for (const statement of childElements(assertion, 'AttributeStatement', NS_ASSERTION)) {
    for (const attribute of childElements(statement, 'Attribute', NS_ASSERTION)) {
      const name = attr(attribute, 'Name');
      if (!name) continue;
      const values = childElements(attribute, 'AttributeValue', NS_ASSERTION).map((v) =>
        (v.textContent ?? '').trim(),
      );
      out[name] = [...(out[name] ?? []), ...values];
    }
  }
  return out;
}

/**
 * Parses the verified assertion bytes. Text is read with `textContent`, which joins every text
 * node: a comment or CDATA section inside NameID cannot cut the value short (the c14n output
 * has none anyway), so the subject is the full signed value.
 */
export function readVerifiedAssertion(assertionXml: string): AssertionFacts {
  const doc = parseStrictXml(assertionXml);
  const assertion = doc?.documentElement;
  if (
    !assertion ||
    assertion.localName !== 'Assertion' ||
    assertion.namespaceURI !== NS_ASSERTION
  ) {
    throw samlError('saml_malformed', { reason: 'verified_part_not_assertion' });
  }
  const subject = one(assertion, 'Subject');
  const nameId = subject ? one(subject, 'NameID') : null;
  const conditions = one(assertion, 'Conditions');
  const authn = childElements(assertion, 'AuthnStatement', NS_ASSERTION)[0] ?? null;
  const context = authn ? one(authn, 'AuthnContext') : null;
  return {
    id: attr(assertion, 'ID') ?? '',
    issuer: text(one(assertion, 'Issuer')) ?? '',
    nameId: text(nameId) || null,
    nameIdFormat: attr(nameId, 'Format'),
    confirmations: readConfirmations(subject),
    notBefore: attr(conditions, 'NotBefore'),
    notOnOrAfter: attr(conditions, 'NotOnOrAfter'),
    audienceRestrictions: conditions
      ? childElements(conditions, 'AudienceRestriction', NS_ASSERTION).map((r) =>
          childElements(r, 'Audience', NS_ASSERTION).map((a) => text(a) ?? ''),
        )
      : [],
    authnInstant: attr(authn, 'AuthnInstant'),
    sessionIndex: attr(authn, 'SessionIndex'),
    classRefs: context
      ? childElements(context, 'AuthnContextClassRef', NS_ASSERTION).map((c) => text(c) ?? '')
      : [],
    attributes: readAttributes(assertion),
  };
}
