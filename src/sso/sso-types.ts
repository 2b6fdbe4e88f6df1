/**
 * The shapes single sign-on is built from. The connection settings are validated by
 * `src/sso/connections`; the protocol modules (`saml`, `oidc`) verify IdP responses and hand the
 * sign-in flow (`flow`) a `VerifiedIdentity` — nothing unverified crosses that line.
 */

export type SsoProtocol = 'saml' | 'oidc';

/** Why a flow was started: a sign-in, a step-up of an existing session, or an admin's test. */
export type SsoPurpose = 'sign_in' | 'step_up' | 'test';

/**
 * What counts as MFA evidence for one connection (DESIGN rule 5). A sign-in is accepted as MFA
 * when any value the IdP sent appears in the matching list.
 */
export interface MfaEvidencePolicy {
  /** OIDC `amr` values (RFC 8176), e.g. `mfa`, `otp`, `hwk`. */
  amrValues: string[];
  /** OIDC `acr` values, e.g. `urn:okta:loa:2fa:any`. */
  acrValues: string[];
  /** SAML `AuthnContextClassRef` values. */
  authnContextClassRefs: string[];
  /** SAML attribute names (or OIDC claim names) that carry authentication methods. */
  methodAttributes: string[];
  /** Values of those attributes that mean MFA, e.g. Entra's `…/claims/multipleauthn`. */
  methodValues: string[];
}

/** Settings shared by both protocols. */
export interface SsoConnectionCommon {
  /** Just-in-time provisioning: unknown subjects become `member`s. Off by default. */
  jitEnabled: boolean;
  /** IdP groups an admin mapped to roles; the only way IdP data grants a role. */
  groupRoleMappings: { group: string; roleId: string }[];
  mfa: MfaEvidencePolicy;
  /** Where attributes are read from: SAML attribute names or OIDC claim names. */
  attributeMapping: {
    email: string;
    givenName: string;
    familyName: string;
    groups: string;
  };
}

export interface SamlConnectionConfig extends SsoConnectionCommon {
  idpEntityId: string;
  /** HTTP-Redirect binding endpoint of the IdP. */
  idpSsoUrl: string;
  idpSloUrl: string | null;
  /** PEM certificates; several at once so the IdP can rotate without an outage. */
  idpCertificates: string[];
  /** https URL the metadata was imported from; re-read on a schedule. */
  metadataUrl: string | null;
  /** When false (default) every assertion must be signed; a signed response alone is refused. */
  allowSignedResponseOnly: boolean;
  allowIdpInitiated: boolean;
  /** SHA-1 signatures and digests are refused unless this is set. */
  allowSha1: boolean;
  clockSkewSeconds: number;
  nameIdFormat: string | null;
  /** Asked of the IdP in `RequestedAuthnContext` when MFA is required; none when empty. */
  requestedAuthnContext: { classRefs: string[]; comparison: 'exact' | 'minimum' | 'better' };
}

export interface OidcConnectionConfig extends SsoConnectionCommon {
  /** Issuer URL; `/.well-known/openid-configuration` is read from it. */
  issuer: string;
  clientId: string;
  scopes: string[];
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  /** Entra multi-tenant issuers (`…/{tenantid}/v2.0`) are accepted only for these tenant ids. */
  allowedTenantIds: string[];
  /** `acr_values` asked for when MFA is required; none when empty. */
  requestAcrValues: string[];
}

/** One row of `sso_connections`, decoded. Secrets stay encrypted until a protocol needs them. */
export interface SsoConnectionRecord {
  id: string;
  orgId: string;
  protocol: SsoProtocol;
  name: string;
  enabled: boolean;
  revision: number;
  testedRevision: number | null;
  config: SamlConnectionConfig | OidcConnectionConfig;
  /** OIDC client secret, encrypted with the keyring (`src/secrets/encryption.ts`). */
  encryptedSecret: string | null;
  /** SAML SP signing key (PEM), encrypted with the keyring. */
  spPrivateKeyEncrypted: string | null;
  spCertificate: string | null;
}

/** What a protocol module returns after it verified an IdP response. Only verified data. */
export interface VerifiedIdentity {
  protocol: SsoProtocol;
  /** SAML NameID or OIDC `sub`: the stable key an identity links by. */
  subject: string;
  email: string | null;
  givenName: string | null;
  familyName: string | null;
  groups: string[];
  /** OIDC `amr`, or the values of the SAML method attributes named by the policy. */
  amr: string[];
  /** OIDC `acr`, or the SAML `AuthnContextClassRef` values. */
  acr: string[];
  /** Every attribute or claim as strings, for method attributes and mapping. */
  attributes: Record<string, string[]>;
  /** OIDC `auth_time` or SAML `AuthnInstant`; null when the IdP sent none. */
  authenticatedAt: Date | null;
  /** SAML `SessionIndex` and NameID, kept on the session for single logout. */
  samlSessionIndex: string | null;
  samlNameId: string | null;
  /** The NameID's Format (Core §8.3); sign-out names the principal with it. */
  samlNameIdFormat?: string | null;
}

/** What a protocol needs to send the browser to the IdP. */
export interface LoginRequestOptions {
  connection: SsoConnectionRecord;
  /** The flow row's id; SAML carries it as RelayState. */
  flowId: string;
  /** Step-up: SAML `ForceAuthn`, OIDC `prompt=login` + `max_age=0`. */
  forceAuthn: boolean;
  /** The organization requires MFA: ask the IdP for it (acr_values, RequestedAuthnContext). */
  requestMfa: boolean;
  loginHint: string | null;
}
