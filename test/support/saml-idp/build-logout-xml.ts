import { escapeXml, newSamlId } from './build-response-xml.js';
import { NAMEID_EMAIL, SAML_STATUS_SUCCESS } from './saml-response-options.js';

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

export const LOGOUT_REQUEST_XPATH = "/*[local-name(.)='LogoutRequest']";
export const LOGOUT_RESPONSE_XPATH = "/*[local-name(.)='LogoutResponse']";

/** What one test wants the IdP to say in a LogoutRequest or LogoutResponse (Core §3.7). */
export interface SamlLogoutOptions {
  /** Our SP's single-logout URL; the default Destination. */
  sloUrl: string;
  /** null leaves the Destination attribute out. */
  destination?: string | null;
  /** null leaves the Issuer out. */
  issuer?: string | null;
  issueInstant?: Date;
  id?: string;
  /** Default true (the HTTP-POST binding requires a signed message). */
  sign?: boolean;
  signatureAlgorithm?: 'sha256' | 'sha1';
  /** Sign with this key/cert instead of the IdP's (an attacker's key). */
  signingKey?: { privateKeyPem: string; certificatePem: string };
}

export interface SamlLogoutRequestOptions extends SamlLogoutOptions {
  nameId: string;
  nameIdFormat?: string;
  /** Zero or more SessionIndex elements. */
  sessionIndexes?: string[];
  notOnOrAfter?: Date;
}

export interface SamlLogoutResponseOptions extends SamlLogoutOptions {
  /** The id of the LogoutRequest this answers; null leaves it out. */
  inResponseTo: string | null;
  /** Top-level StatusCode value; default Success. */
  status?: string;
}

function openRoot(name: string, o: SamlLogoutOptions, now: Date, extra: string): string {
  const destination =
    o.destination === null ? '' : ` Destination="${escapeXml(o.destination ?? o.sloUrl)}"`;
  return (
    `<samlp:${name} xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}"` +
    ` ID="${o.id ?? newSamlId()}" Version="2.0"` +
    ` IssueInstant="${(o.issueInstant ?? now).toISOString()}"${destination}${extra}>`
  );
}

const issuerXml = (issuer: string | null) =>
  issuer === null ? '' : `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>`;

/** An unsigned samlp:LogoutRequest from the IdP (Core §3.7.1). */
export function buildLogoutRequestXml(
  idpEntityId: string,
  now: Date,
  o: SamlLogoutRequestOptions,
): string {
  const notOnOrAfter = o.notOnOrAfter ? ` NotOnOrAfter="${o.notOnOrAfter.toISOString()}"` : '';
  const indexes = (o.sessionIndexes ?? [])
    .map((i) => `<samlp:SessionIndex>${escapeXml(i)}</samlp:SessionIndex>`)
    .join('');
  return (
    openRoot('LogoutRequest', o, now, notOnOrAfter) +
    issuerXml(o.issuer === undefined ? idpEntityId : o.issuer) +
    `<saml:NameID Format="${escapeXml(o.nameIdFormat ?? NAMEID_EMAIL)}">` +
    `${escapeXml(o.nameId)}</saml:NameID>` +
    indexes +
    `</samlp:LogoutRequest>`
  );
}

/** An unsigned samlp:LogoutResponse from the IdP (Core §3.7.2). */
export function buildLogoutResponseXml(
  idpEntityId: string,
  now: Date,
  o: SamlLogoutResponseOptions,
): string {
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${escapeXml(o.inResponseTo)}"` : '';
  return (
    openRoot('LogoutResponse', o, now, inResponseTo) +
    issuerXml(o.issuer === undefined ? idpEntityId : o.issuer) +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? SAML_STATUS_SUCCESS}"/></samlp:Status>` +
    `</samlp:LogoutResponse>`
  );
}
