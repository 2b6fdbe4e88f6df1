import { randomBytes } from 'node:crypto';

import {
  AC_PASSWORD_PROTECTED,
  NAMEID_EMAIL,
  SAML_STATUS_SUCCESS,
  type SamlResponseOptions,
} from './saml-response-options.js';

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const ATTR_NAME_FORMAT = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

export function newSamlId(): string {
  return `_${randomBytes(16).toString('hex')}`;
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const iso = (d: Date) => d.toISOString();

/** Options with every default filled in, so the XML builders read plainly. */
export type ResolvedResponse = Required<Omit<SamlResponseOptions, 'signingKey' | 'statusMessage'>> &
  Pick<SamlResponseOptions, 'signingKey' | 'statusMessage'>;

export function resolveResponseOptions(
  idpEntityId: string,
  now: Date,
  o: SamlResponseOptions,
): ResolvedResponse {
  const inFive = new Date(now.getTime() + 5 * 60_000);
  return {
    ...o,
    nameId: o.nameId ?? 'ada@example.com',
    nameIdFormat: o.nameIdFormat ?? NAMEID_EMAIL,
    attributes: o.attributes ?? {},
    authnContextClassRef: o.authnContextClassRef ?? AC_PASSWORD_PROTECTED,
    authnInstant: o.authnInstant ?? now,
    sessionIndex: o.sessionIndex ?? newSamlId(),
    inResponseTo: o.inResponseTo === undefined ? null : o.inResponseTo,
    audience: o.audience ?? o.sp.entityId,
    recipient: o.recipient ?? o.sp.acsUrl,
    destination: o.destination === undefined ? o.sp.acsUrl : o.destination,
    issuer: o.issuer ?? idpEntityId,
    assertionIssuer: o.assertionIssuer ?? o.issuer ?? idpEntityId,
    issueInstant: o.issueInstant ?? now,
    notBefore: o.notBefore ?? new Date(now.getTime() - 60_000),
    notOnOrAfter: o.notOnOrAfter ?? inFive,
    subjectNotOnOrAfter: o.subjectNotOnOrAfter ?? inFive,
    status: o.status ?? SAML_STATUS_SUCCESS,
    responseId: o.responseId ?? newSamlId(),
    assertionId: o.assertionId ?? newSamlId(),
    sign: o.sign ?? 'assertion',
    signatureAlgorithm: o.signatureAlgorithm ?? 'sha256',
    digestAlgorithm: o.digestAlgorithm ?? o.signatureAlgorithm ?? 'sha256',
  };
}

function attributeXml(name: string, values: string[]): string {
  const valuesXml = values
    .map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`)
    .join('');
  const open = `<saml:Attribute Name="${escapeXml(name)}" NameFormat="${ATTR_NAME_FORMAT}">`;
  return `${open}${valuesXml}</saml:Attribute>`;
}

function subjectXml(r: ResolvedResponse): string {
  const inResponseTo = r.inResponseTo ? ` InResponseTo="${escapeXml(r.inResponseTo)}"` : '';
  return (
    `<saml:Subject><saml:NameID Format="${r.nameIdFormat}">${escapeXml(r.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${CM_BEARER}"><saml:SubjectConfirmationData` +
    `${inResponseTo} NotOnOrAfter="${iso(r.subjectNotOnOrAfter)}"` +
    ` Recipient="${escapeXml(r.recipient)}"/></saml:SubjectConfirmation></saml:Subject>`
  );
}

/** The unsigned Assertion element; its Signature goes right after Issuer (Core §2.3.3). */
export function buildAssertionXml(r: ResolvedResponse): string {
  const attributes = Object.entries(r.attributes);
  const attributeStatement = attributes.length
    ? `<saml:AttributeStatement>${attributes.map(([n, v]) => attributeXml(n, v)).join('')}` +
      `</saml:AttributeStatement>`
    : '';
  return (
    `<saml:Assertion xmlns:saml="${NS_ASSERTION}" ID="${r.assertionId}" Version="2.0"` +
    ` IssueInstant="${iso(r.issueInstant)}">` +
    `<saml:Issuer>${escapeXml(r.assertionIssuer)}</saml:Issuer>` +
    subjectXml(r) +
    `<saml:Conditions NotBefore="${iso(r.notBefore)}" NotOnOrAfter="${iso(r.notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(r.audience)}</saml:Audience>` +
    `</saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(r.authnInstant)}" SessionIndex="${r.sessionIndex}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${escapeXml(r.authnContextClassRef)}` +
    `</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    attributeStatement +
    `</saml:Assertion>`
  );
}

/** The Response around an (already signed or not) assertion. */
export function buildResponseXml(r: ResolvedResponse, assertionXml: string): string {
  const inResponseTo = r.inResponseTo ? ` InResponseTo="${escapeXml(r.inResponseTo)}"` : '';
  const destination = r.destination ? ` Destination="${escapeXml(r.destination)}"` : '';
  const message = r.statusMessage
    ? `<samlp:StatusMessage>${escapeXml(r.statusMessage)}</samlp:StatusMessage>`
    : '';
  return (
    `<samlp:Response xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}"` +
    ` ID="${r.responseId}" Version="2.0" IssueInstant="${iso(r.issueInstant)}"` +
    `${destination}${inResponseTo}>` +
    `<saml:Issuer>${escapeXml(r.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${r.status}"/>${message}</samlp:Status>` +
    assertionXml +
    `</samlp:Response>`
  );
}
