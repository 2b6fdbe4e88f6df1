/**
 * OIDC test peers (issue 4). Everything runs on 127.0.0.1 inside the test process, plain http,
 * so build the app with an outbound policy that allows it, and pin the fake clock to real time
 * (oidc-provider stamps tokens with the real clock; Tessera judges them with `t.clock`):
 *
 *   const t = await startTestApp({ outboundPolicy: { ...DEFAULT_OUTBOUND_POLICY,
 *     allowHttp: true, allowPrivateNetworks: true } });
 *   t.clock.set(new Date());
 *
 * Real OP (`oidc-provider`, PKCE required, RFC 9207 `iss` on, ID tokens RS256):
 *
 *   const op = await startOidcOp();                 // op.issuer = http://127.0.0.1:<port>
 *   const connection = await connectOrgToOp(t, op, orgId, { requestAcrValues: [...] });
 *       // registers a client (redirect URI = PUBLIC_URL/sso/oidc/<id>/callback) and inserts an
 *       // enabled, tested connection row with the encrypted client secret
 *   op.nextLogin({ accountId: 'alice', email: 'alice@example.test', amr: ['pwd', 'mfa'],
 *     acr: 'urn:okta:loa:2fa:any', authTime: new Date(), groups: ['eng'] });
 *   const callback = await followOidcLogin(authorizationUrl);   // Location Tessera answered
 *   await t.http.get(callbackPath(callback)).set('Cookie', browserCookie);
 *   op.authorizationRequests.at(-1)   // what Tessera asked: prompt, max_age, acr_values, nonce…
 *   await op.close();
 *
 * `followOidcLogin(url, { jar })` follows redirects with a per-host cookie jar (pass the same
 * `new CookieJar()` to keep the OP session between logins) and returns the first URL outside
 * the OP: Tessera's callback with `code`, `state`, `iss` (or `error`).
 *
 * Rogue OP (discovery + JWKS + a token endpoint serving crafted ID tokens):
 *
 *   const rogue = await startRogueOp({ advertisedAlgs: ['RS256', 'HS256', 'none'] });
 *   const connection = await insertOidcConnectionRow(t, orgId, { issuer: rogue.issuer,
 *     clientId: 'rogue-client', clientSecret: 'secret' });
 *   rogue.respondWith(await rogue.sign(rogue.claims({ clientId, nonce, exp: ... }), 'none'));
 *   // signing: 'valid' | 'none' | 'hs256-public-key' | 'foreign-key'
 *   // startRogueOp({ entraTemplate: true }): issuer …/organizations/v2.0, discovery answers
 *   // …/{tenantid}/v2.0; rogue.tenantIssuer(tid) is what a tenant's token carries.
 */
export { CookieJar, callbackPath, followOidcLogin, type FollowOptions } from './browser.js';
export {
  connectOrgToOp,
  insertOidcConnectionRow,
  type OidcRowInput,
} from './oidc-connection-rows.js';
export {
  finishRpLogin,
  LOOPBACK_POLICY,
  oidcDepsOf,
  startRpLogin,
  type RpLogin,
} from './oidc-rp-harness.js';
export { startRogueOp, type RogueOp, type RogueOpOptions } from './rogue-op.js';
export type { RogueSigning } from './rogue-tokens.js';
export {
  startOidcOp,
  type OpClient,
  type OpLogin,
  type StartOidcOpOptions,
  type TestOidcOp,
} from './start-oidc-op.js';
