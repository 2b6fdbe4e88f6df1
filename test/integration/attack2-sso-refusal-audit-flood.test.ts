import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DEFAULT_OUTBOUND_POLICY } from '../../src/ops/outbound-http.js';
import { UNVERIFIED_AUDIT_POLICY } from '../../src/sso/flow/refusal-audit-budget.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { insertOidcConnectionRow, startRogueOp, type RogueOp } from '../support/oidc-op/index.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember, signIn } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { failureCodeOf, redirectOf, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/**
 * The refusal-audit budget (refusal-audit-budget.ts) promises that a sender with nothing the IdP
 * signed cannot grow an organization's audit trail without bound. These are refusals such a
 * sender can still cause, each as often as they like, before the fix: an unsigned SAML error
 * Response (Core §3.2.2.2 status, read before any signature), a `return_to` outside the allowed
 * origins on the public start URL, and an OIDC callback of a flow the attacker started himself
 * (anyone may start a sign-in flow) answered with `error=` (RFC 6749 §4.1.2.1).
 */
let t: TestApp;
let idp: SamlTestIdp;
let rogue: RogueOp;
let org: TestOrg;
let saml: SsoConnectionRecord;
let oidc: SsoConnectionRecord;

const ROUNDS = UNVERIFIED_AUDIT_POLICY.maxFailures + 5;

async function refusalsOf(connectionId: string) {
  return t.db.query(
    `SELECT payload FROM audit_events
      WHERE org_id = $1 AND action = 'member.sso.sign_in_refused' AND target_id = $2
      ORDER BY seq`,
    [org.id, connectionId],
  );
}

beforeAll(async () => {
  t = await startTestApp({
    outboundPolicy: { ...DEFAULT_OUTBOUND_POLICY, allowHttp: true, allowPrivateNetworks: true },
  });
  idp = await startSamlTestIdp({ clock: t.clock });
  rogue = await startRogueOp();
  org = await createOrgWithScim(t, 'acme-attack2-audit-flood');
  saml = await createTestSamlConnection(t, org.id, idp.connectionConfig());
});
afterAll(async () => {
  await rogue.close();
  await t.close();
});

describe('anonymous refusals stay within the audit budget (refusal-audit-budget.ts)', () => {
  it('an unsigned SAML error Response with a huge status is budgeted and cut', async () => {
    const huge = `urn:attacker:${'A'.repeat(100_000)}`;
    const xml = idp.buildResponse({
      sp: { entityId: 'x', acsUrl: 'x' },
      status: huge,
      sign: 'none',
    });
    for (let i = 0; i < ROUNDS; i++) {
      const res = await t.http
        .post(`/sso/saml/${saml.id}/acs`)
        .type('form')
        .send(idp.postForm(xml));
      expect(res.status).toBe(400);
      expect(failureCodeOf(res)).toBe('saml_status_failure');
    }

    const refusals = await refusalsOf(saml.id);
    expect(refusals.length).toBeLessThanOrEqual(UNVERIFIED_AUDIT_POLICY.maxFailures);
    for (const { payload } of refusals) {
      expect(JSON.stringify(payload).length).toBeLessThan(1_000);
    }
  });

  it('a return_to outside the allowed origins on /sso/start is budgeted', async () => {
    await t.db.query('DELETE FROM sign_in_throttle');
    const before = (await refusalsOf(saml.id)).length;
    const evil = encodeURIComponent('https://evil.example/');
    for (let i = 0; i < ROUNDS; i++) {
      const res = await t.http.get(`/sso/start?org=${org.slug}&return_to=${evil}`);
      expect(res.status).toBe(400);
      expect(failureCodeOf(res)).toBe('return_to_not_allowed');
    }
    const audited = (await refusalsOf(saml.id)).length - before;
    expect(audited).toBeLessThanOrEqual(UNVERIFIED_AUDIT_POLICY.maxFailures);
  });

  it('an OIDC callback of a self-started flow with error= is budgeted', async () => {
    oidc = await insertOidcConnectionRow(t, org.id, {
      issuer: rogue.issuer,
      clientId: 'rogue-client',
      clientSecret: 'attack2-rogue-secret',
    });
    for (let i = 0; i < ROUNDS; i++) {
      const browser = new TesseraBrowser(t);
      const authorize = new URL(redirectOf(await browser.get(`/sso/${oidc.id}/login`)));
      const state = authorize.searchParams.get('state')!;
      const res = await browser.get(
        `/sso/oidc/${oidc.id}/callback?state=${state}&error=access_denied`,
      );
      expect(res.status).toBe(400);
      expect(failureCodeOf(res)).toBe('oidc_idp_error');
    }
    const refusals = await refusalsOf(oidc.id);
    expect(refusals.length).toBeLessThanOrEqual(UNVERIFIED_AUDIT_POLICY.maxFailures);
  });

  it('a refused step-up (a flow a signed-in member started) is audited, budget spent', async () => {
    const memberId = await createMember(t, org.id, 'stepper@acme.test', 'admin');
    const { sessionId, headers } = await signIn(t, org.id, memberId);
    await t.db.query('UPDATE sessions SET sso_connection_id = $2 WHERE id = $1', [
      sessionId,
      oidc.id,
    ]);
    const browser = new TesseraBrowser(t);
    const [name, value] = headers.Cookie.split('=');
    browser.cookies.set(name!, value!);
    const before = (await refusalsOf(oidc.id)).length;

    const started = await browser.postJson('/auth/step-up');
    expect(started.status).toBe(200);
    const authorize = new URL(started.body.redirectUrl);
    const nonce = authorize.searchParams.get('nonce')!;
    const twoHoursAgo = Math.floor(t.clock.now().getTime() / 1000) - 7200;
    const claims = rogue.claims({ clientId: 'rogue-client', nonce, now: t.clock.now() });
    rogue.respondWith(
      await rogue.sign({ ...claims, sub: 'stepper@acme.test', auth_time: twoHoursAgo }),
    );
    const query = new URLSearchParams({
      code: 'any-code',
      state: authorize.searchParams.get('state')!,
      iss: rogue.issuer,
    });
    const res = await browser.get(`/sso/oidc/${oidc.id}/callback?${query}`);

    expect(failureCodeOf(res)).toBe('oidc_stale_auth_time');
    const refusals = await refusalsOf(oidc.id);
    expect(refusals).toHaveLength(before + 1);
    expect(refusals.at(-1).payload).toMatchObject({ code: 'oidc_stale_auth_time' });
  });
});
