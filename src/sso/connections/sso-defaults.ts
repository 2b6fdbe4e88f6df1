import type { MfaEvidencePolicy, SsoConnectionCommon } from '../sso-types.js';

const ENTRA_METHODS = 'http://schemas.microsoft.com/claims/authnmethodsreferences';
const ENTRA_MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';

/**
 * MFA evidence accepted unless an admin narrows it: the RFC 8176 method values that prove a
 * second factor or a possession/inherence factor, the common multi-factor ACRs, and the method
 * attributes Entra ID (`authnmethodsreferences`) and Okta (`session.amr`, when mapped) send.
 */
export const DEFAULT_MFA_POLICY: MfaEvidencePolicy = {
  amrValues: ['mfa', 'mca', 'otp', 'hwk', 'swk', 'sms', 'tel', 'fpt', 'face', 'iris', 'sc'],
  acrValues: [
    'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
    'urn:okta:loa:2fa:any',
  ],
  authnContextClassRefs: [
    ENTRA_MULTIPLE_AUTHN,
    'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
    'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered',
    'urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken',
    'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard',
    'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
  ],
  methodAttributes: [ENTRA_METHODS, 'session.amr', 'amr'],
  methodValues: [ENTRA_MULTIPLE_AUTHN, 'mfa', 'otp', 'hwk', 'swk', 'sms', 'fpt', 'sc'],
};

export const DEFAULT_COMMON_SETTINGS: SsoConnectionCommon = {
  jitEnabled: false,
  groupRoleMappings: [],
  mfa: DEFAULT_MFA_POLICY,
  attributeMapping: {
    email: 'email',
    givenName: 'given_name',
    familyName: 'family_name',
    groups: 'groups',
  },
};
