import { DEFAULT_COMMON_SETTINGS } from '../../src/sso/connections/sso-defaults.js';
import { identityFromClaims } from '../../src/sso/oidc/oidc-identity.js';
import type { OidcConnectionConfig } from '../../src/sso/sso-types.js';

const config: OidcConnectionConfig = {
  ...DEFAULT_COMMON_SETTINGS,
  issuer: 'https://idp.example.test',
  clientId: 'tessera',
  scopes: ['openid', 'email'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  allowedTenantIds: [],
  requestAcrValues: [],
};

const claims = { sub: 'idp-user-1', email: 'ann@acme.test', upn: 'ann@acme.test' };

describe('OIDC identity: which email claim links accounts (OIDC Core §5.1)', () => {
  it('takes the email claim when the OP marks it verified', () => {
    const identity = identityFromClaims(config, { ...claims, email_verified: true }, null);
    expect(identity.email).toBe('ann@acme.test');
  });

  it('ignores an email the OP does not mark verified: a self-edited one links nothing', () => {
    expect(identityFromClaims(config, { ...claims, email_verified: false }, null).email).toBeNull();
    expect(identityFromClaims(config, claims, null).email).toBeNull();
  });

  it('takes another claim the admin mapped on purpose', () => {
    const mapped = { ...config, attributeMapping: { ...config.attributeMapping, email: 'upn' } };
    expect(identityFromClaims(mapped, claims, null).email).toBe('ann@acme.test');
  });

  it('never lets userinfo override what the signed ID token said', () => {
    const userinfo = { email: 'mallory@acme.test', email_verified: true };
    const identity = identityFromClaims(config, { ...claims, email_verified: true }, userinfo);
    expect(identity.email).toBe('ann@acme.test');
  });
});
