import type { OidcConnectionConfig, VerifiedIdentity } from '../sso-types.js';
import { oidcError } from './oidc-errors.js';

type Claims = Record<string, unknown>;

/** OIDC Core §2: `sub` MUST NOT exceed 255 ASCII characters. It keys a unique index, too. */
const MAX_SUB_LENGTH = 255;

/**
 * The verified identity from ID token claims (and userinfo claims, when fetched): `sub` is the
 * subject (OIDC Core §2: unique within the issuer, never reassigned); the rest is read through
 * the connection's attribute mapping.
 */
export function identityFromClaims(
  config: OidcConnectionConfig,
  claims: Claims,
  userinfo: Claims | null,
): VerifiedIdentity {
  if (String(claims.sub).length > MAX_SUB_LENGTH) {
    throw oidcError('oidc_code_rejected', { reason: 'sub_too_long' });
  }
  // Userinfo only fills gaps: it can never override a claim the signed ID token carried.
  const merged: Claims = { ...userinfo, ...claims };
  const mapping = config.attributeMapping;
  return {
    protocol: 'oidc',
    subject: String(claims.sub),
    email: trustedEmail(mapping.email, merged),
    givenName: stringClaim(merged[mapping.givenName]),
    familyName: stringClaim(merged[mapping.familyName]),
    groups: stringList(merged[mapping.groups]),
    amr: stringList(claims.amr),
    acr: stringList(claims.acr),
    attributes: stringAttributes(merged),
    authenticatedAt:
      typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : null,
    samlSessionIndex: null,
    samlNameId: null,
  };
}

/**
 * An address links an IdP account to a member and accepts invitations, so an unverified one
 * would let anyone who can edit their own profile at the IdP take over a colleague's account
 * (the "nOAuth" flaw of OPs whose `email` is user-editable). The standard `email` claim counts
 * only with `email_verified: true` (OIDC Core §5.1); a different claim the admin mapped on
 * purpose (say a tenant-controlled UPN) is taken as the admin's statement that it is trusted.
 */
function trustedEmail(claimName: string, claims: Claims): string | null {
  if (claimName === 'email' && claims.email_verified !== true) return null;
  return stringClaim(claims[claimName]);
}

function stringClaim(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Every string or string-array claim, for method attributes and group mapping. */
function stringAttributes(claims: Claims): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    const isStringArray = Array.isArray(value) && value.every((v) => typeof v === 'string');
    if (typeof value === 'string' || isStringArray) attributes[name] = stringList(value);
  }
  return attributes;
}
