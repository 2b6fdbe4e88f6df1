/** What one test wants the IdP to say. Every field a test may need to bend is here. */
export interface SamlResponseOptions {
  /** The SP the response is for; `audience`/`recipient`/`destination` default from it. */
  sp: { entityId: string; acsUrl: string };
  nameId?: string;
  nameIdFormat?: string;
  attributes?: Record<string, string[]>;
  authnContextClassRef?: string;
  authnInstant?: Date;
  sessionIndex?: string;
  /** null = IdP-initiated (no InResponseTo anywhere). */
  inResponseTo?: string | null;
  audience?: string;
  recipient?: string;
  /** null leaves the Destination attribute out. */
  destination?: string | null;
  /** Issuer of the Response and of the Assertion. */
  issuer?: string;
  /** Overrides the Assertion's issuer only. */
  assertionIssuer?: string;
  issueInstant?: Date;
  notBefore?: Date;
  /** Conditions/@NotOnOrAfter. */
  notOnOrAfter?: Date;
  /** SubjectConfirmationData/@NotOnOrAfter. */
  subjectNotOnOrAfter?: Date;
  /** Top-level StatusCode value; default Success. */
  status?: string;
  statusMessage?: string;
  responseId?: string;
  assertionId?: string;
  /** Which elements get an enveloped signature. Default 'assertion'. */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  signatureAlgorithm?: 'sha256' | 'sha1';
  digestAlgorithm?: 'sha256' | 'sha1';
  /** Sign with this key/cert instead of the IdP's (an attacker's key). */
  signingKey?: { privateKeyPem: string; certificatePem: string };
}

export const SAML_STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const SAML_STATUS_RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
export const SAML_STATUS_REQUESTER = 'urn:oasis:names:tc:SAML:2.0:status:Requester';
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const AC_PASSWORD_PROTECTED =
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
