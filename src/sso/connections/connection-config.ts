import { ValidationError } from '../../errors.js';
import type { OutboundPolicy } from '../../ops/outbound-http.js';
import type {
  OidcConnectionConfig,
  SamlConnectionConfig,
  SsoConnectionCommon,
} from '../sso-types.js';
import { normalizeCertificates } from './certificates.js';
import type { CommonInput, OidcUpdateInput, SamlInput } from './connection-schema.js';
import { DEFAULT_COMMON_SETTINGS } from './sso-defaults.js';

/** What IdP metadata contributes to a SAML connection. */
export interface ImportedMetadata {
  idpEntityId: string;
  idpSsoUrl: string;
  idpSloUrl: string | null;
  idpCertificates: string[];
}

/** SAML settings an admin did not set. */
export const SAML_DEFAULTS = {
  metadataUrl: null,
  idpSloUrl: null,
  allowSignedResponseOnly: false,
  allowIdpInitiated: false,
  allowSha1: false,
  // Small on purpose: every second of skew lengthens the window an assertion stays usable.
  clockSkewSeconds: 60,
  nameIdFormat: null,
  // Nothing is asked for by default: an `exact` class would lock out Entra's passwordless logins.
  requestedAuthnContext: { classRefs: [], comparison: 'minimum' as const },
};

/** OIDC settings an admin did not set. */
export const OIDC_DEFAULTS = {
  scopes: ['openid', 'email', 'profile'],
  tokenEndpointAuthMethod: 'client_secret_basic' as const,
  allowedTenantIds: [] as string[],
  requestAcrValues: [] as string[],
};

/** Applies the shared settings an admin sent over `base`; lists replace, objects merge. */
export function applyCommonSettings(
  base: SsoConnectionCommon,
  input: CommonInput,
): SsoConnectionCommon {
  return {
    jitEnabled: input.jitEnabled ?? base.jitEnabled,
    groupRoleMappings: input.groupRoleMappings ?? base.groupRoleMappings,
    mfa: { ...base.mfa, ...input.mfa },
    attributeMapping: { ...base.attributeMapping, ...input.attributeMapping },
  };
}

/**
 * The SAML settings after an admin's input: imported metadata (when given) replaces the IdP's
 * entity id, endpoints and certificates; hand-entered fields replace single values.
 */
export function buildSamlConfig(
  base: SamlConnectionConfig | null,
  input: SamlInput,
  imported: ImportedMetadata | null,
  policy: OutboundPolicy,
): SamlConnectionConfig {
  const certificates = input.idpCertificates
    ? normalizeCertificates(input.idpCertificates, 'saml.idpCertificates')
    : undefined;
  const metadataUrl = input.metadataXml !== undefined ? null : input.metadataUrl;
  const { metadataXml: _xml, ...settings } = input;
  const merged = {
    ...SAML_DEFAULTS,
    ...DEFAULT_COMMON_SETTINGS,
    ...base,
    ...defined(settings),
    ...imported,
    ...(certificates && { idpCertificates: certificates }),
    ...(metadataUrl !== undefined && { metadataUrl }),
  };
  for (const field of ['idpEntityId', 'idpSsoUrl', 'idpCertificates'] as const) {
    if (!merged[field]) throw new ValidationError(`saml.${field}: required (or give metadata)`);
  }
  checkUrl(merged.idpSsoUrl!, 'saml.idpSsoUrl', policy);
  if (merged.idpSloUrl) checkUrl(merged.idpSloUrl, 'saml.idpSloUrl', policy);
  if (merged.metadataUrl) checkUrl(merged.metadataUrl, 'saml.metadataUrl', policy);
  return merged as SamlConnectionConfig;
}

/** The OIDC settings after an admin's input; the secret is handled apart, never stored here. */
export function buildOidcConfig(
  base: OidcConnectionConfig | null,
  input: OidcUpdateInput,
  policy: OutboundPolicy,
): OidcConnectionConfig {
  const { clientSecret: _secret, ...settings } = input;
  const merged = {
    ...OIDC_DEFAULTS,
    ...DEFAULT_COMMON_SETTINGS,
    ...base,
    ...defined(settings),
  };
  if (!merged.issuer || !merged.clientId) {
    throw new ValidationError('oidc.issuer and oidc.clientId are required');
  }
  checkUrl(merged.issuer, 'oidc.issuer', policy);
  // OpenID Connect Core §3.1.2.1: without the `openid` scope the request is plain OAuth.
  const scopes = merged.scopes.includes('openid') ? merged.scopes : ['openid', ...merged.scopes];
  return { ...merged, scopes: [...new Set(scopes)] } as OidcConnectionConfig;
}

/**
 * URLs Tessera fetches or sends browsers to: https only (plain http lets anyone on the path read
 * or change IdP metadata and requests), unless the operator allows http for loopback test peers;
 * never with credentials or a fragment.
 */
export function checkUrl(value: string, field: string, policy: OutboundPolicy): void {
  // Metadata locations arrive unvalidated (the schema checks only what the admin typed).
  if (!URL.canParse(value)) throw new ValidationError(`${field}: not an absolute URL`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    throw new ValidationError(`${field}: must be an https URL`);
  }
  if (url.username || url.password || url.hash) {
    throw new ValidationError(`${field}: must not carry credentials or a fragment`);
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
