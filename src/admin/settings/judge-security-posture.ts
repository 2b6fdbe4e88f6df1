import {
  API_KEY_EXPIRY_WARNING_DAYS,
  IDP_CERTIFICATE_WARNING_DAYS,
  SCIM_STALE_DAYS,
  type PostureFacts,
} from './read-security-posture.js';

export interface PostureWarning {
  code: string;
  message: string;
}

/** The posture as answered: the facts, plus one warning per thing an owner should act on. */
export interface SecurityPosture {
  owners: { count: number; warning?: string };
  ssoEnforced: boolean;
  mfaRequired: boolean;
  scimConnections: PostureFacts['scimConnections'];
  apiKeysNearExpiry: PostureFacts['apiKeysNearExpiry'];
  idpCertificatesNearExpiry: PostureFacts['idpCertificatesNearExpiry'];
  warnings: PostureWarning[];
}

/** Turns posture facts into the answer; pure, so each rule is plain to read. */
export function judgeSecurityPosture(facts: PostureFacts): SecurityPosture {
  const warnings: PostureWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message });

  // DESIGN rule 4: a second owner is what keeps one lost account from locking everyone out.
  const ownerWarning =
    facts.activeOwners < 2
      ? `${facts.activeOwners} active owner(s): add a second owner so one lost account ` +
        'cannot lock the organization out'
      : undefined;
  if (ownerWarning) warn('too_few_owners', ownerWarning);
  // DESIGN rule 4: without one, a broken SSO connection locks every owner out. An ownership
  // transfer leaves the new owner without a credential and the old one's stops qualifying.
  if (facts.breakGlassOwners === 0) {
    warn(
      'no_break_glass_owner',
      'no active owner holds a break-glass credential: an operator can issue one with ' +
        '`npm run tessera -- break-glass reset --org SLUG --email OWNER-EMAIL`',
    );
  }
  if (facts.ssoEnforced && facts.enabledSsoConnections === 0) {
    warn('sso_enforced_without_connection', 'SSO is enforced but no SSO connection is enabled');
  }
  if (!facts.ssoEnforced) warn('sso_not_enforced', 'members may sign in without SSO');
  if (!facts.mfaRequired) warn('mfa_not_required', 'sign-ins are accepted without MFA evidence');

  const stale = facts.scimConnections.filter((connection) => connection.stale);
  if (stale.length > 0) {
    const names = stale.map((connection) => connection.name).join(', ');
    warn('scim_connection_stale', `SCIM unused for ${SCIM_STALE_DAYS} days: ${names}`);
  }
  if (facts.apiKeysNearExpiry.length > 0) {
    const count = facts.apiKeysNearExpiry.length;
    const days = API_KEY_EXPIRY_WARNING_DAYS;
    warn('api_keys_near_expiry', `${count} API key(s) expire within ${days} days`);
  }
  for (const warning of idpCertificateWarnings(facts.idpCertificatesNearExpiry))
    warnings.push(warning);

  return {
    owners: { count: facts.activeOwners, ...(ownerWarning && { warning: ownerWarning }) },
    ssoEnforced: facts.ssoEnforced,
    mfaRequired: facts.mfaRequired,
    scimConnections: facts.scimConnections,
    apiKeysNearExpiry: facts.apiKeysNearExpiry,
    idpCertificatesNearExpiry: facts.idpCertificatesNearExpiry,
    warnings,
  };
}

/**
 * One warning per SAML connection, for its soonest-ending certificate: expired, or expiring
 * within the window. The list is sorted soonest first, so the first seen per connection wins.
 */
function idpCertificateWarnings(certificates: PostureFacts['idpCertificatesNearExpiry']) {
  const seen = new Set<string>();
  const warnings: PostureWarning[] = [];
  for (const cert of certificates) {
    if (seen.has(cert.connectionId)) continue;
    seen.add(cert.connectionId);
    const day = cert.notAfter.slice(0, 10);
    const what = `SSO connection "${cert.connectionName}": IdP certificate ${cert.subject}`;
    warnings.push(
      cert.expired
        ? {
            code: 'idp_certificate_expired',
            message: `${what} expired on ${day}; add the IdP's current certificate`,
          }
        : {
            code: 'idp_certificate_expiring',
            message:
              `${what} expires on ${day} (within ${IDP_CERTIFICATE_WARNING_DAYS} days); add ` +
              "the IdP's next certificate before then",
          },
    );
  }
  return warnings;
}
