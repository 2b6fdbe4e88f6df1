import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import {
  auditActions,
  failureCodeOf,
  redirectOf,
  samlLogin,
  setOrgSecurity,
  setReturnOrigins,
  TesseraBrowser,
} from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';

const ENTRA_MFA = 'http://schemas.microsoft.com/claims/multipleauthn';
const PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const GENERAL = { displayName: 'Acme', allowedEmailDomains: [], allowedReturnOrigins: [] };

let t: TestApp;
let idp: SamlTestIdp;
let org: TestOrg;
let connection: SsoConnectionRecord;

/** A member of `org` with a role, signing in as `nameId`. */
async function member(userName: string, role = 'member') {
  return createMember(t, org.id, userName, role);
}

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'acme-saml');
  connection = await createTestSamlConnection(t, org.id, idp.connectionConfig());
});
afterAll(() => t.close());

describe('SAML 2.0 Web Browser SSO Profile (Profiles §4.1) against the test IdP', () => {
  it('signs a member in: start → IdP → ACS → session → a fresh privileged call', async () => {
    const ownerId = await member('owner@acme.test', 'owner');
    const browser = new TesseraBrowser(t);

    const acs = await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, {
      nameId: 'owner@acme.test',
      authnContextClassRef: PASSWORD,
      sessionIndex: 'idx-1',
    });

    // The organization names no application origin yet: Tessera's own page says it worked.
    expect(acs.status).toBe(303);
    expect(acs.headers.location).toBe('/sso/signed-in');
    expect((await browser.get('/sso/signed-in')).text).toContain('You are signed in');
    const session = await browser.get('/auth/session');
    expect(session.body).toMatchObject({ member: { id: ownerId }, method: 'sso_saml' });
    const put = await browser
      .adminRequest('put', `/api/v1/orgs/${org.id}/settings/general`)
      .send(GENERAL);
    expect(put.status).toBe(200);
    const [event] = await auditActions(t, org.id, 'member.sso.signed_in');
    expect(event).toMatchObject({ actor_id: ownerId, payload: { linkedBy: 'user_name' } });
  });

  it('refuses an InResponseTo that no flow sent (Profiles §4.1.4.3)', async () => {
    await member('stranger-flow@acme.test');
    const browser = new TesseraBrowser(t);
    const redirectUrl = redirectOf(await browser.get(`/sso/${connection.id}/login`));
    const form = idp.respondTo(redirectUrl, {
      nameId: 'stranger-flow@acme.test',
      inResponseTo: '_not-a-request-we-sent',
    });
    const res = await browser.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('sso_flow_unknown');
    expect(browser.cookies.has('tessera_session')).toBe(false);
  });

  it('refuses a response posted into another browser, and a replay in the same one', async () => {
    await member('victim@acme.test');
    const victim = new TesseraBrowser(t);
    const attacker = new TesseraBrowser(t);
    const redirectUrl = redirectOf(await victim.get(`/sso/start?org=${org.slug}`));
    const form = idp.respondTo(redirectUrl, { nameId: 'victim@acme.test' });
    await attacker.get(`/sso/start?org=${org.slug}`); // the attacker has a binding of its own

    const stolen = await attacker.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
    expect(failureCodeOf(stolen)).toBe('sso_flow_other_browser');
    expect(attacker.cookies.has('tessera_session')).toBe(false);

    const own = await victim.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
    expect(own.status).toBe(303);
    const replay = await victim.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
    expect(replay.status).toBe(400);
    expect(['saml_replay', 'sso_flow_unknown']).toContain(failureCodeOf(replay));
  });

  it("refuses organization A's assertion posted to organization B's ACS", async () => {
    const orgB = await createOrgWithScim(t, 'beta-saml');
    const idpB = await startSamlTestIdp({ clock: t.clock });
    const connectionB = await createTestSamlConnection(t, orgB.id, idpB.connectionConfig());
    await member('cross@acme.test');
    const browser = new TesseraBrowser(t);
    const redirectA = redirectOf(await browser.get(`/sso/start?org=${org.slug}`));
    await browser.get(`/sso/start?org=${orgB.slug}`);

    const form = idp.respondTo(redirectA, { nameId: 'cross@acme.test' });
    const res = await browser.postForm(`/sso/saml/${connectionB.id}/acs`, { ...form });

    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(failureCodeOf(res)).toMatch(/^saml_/);
    const [refusal] = await auditActions(t, orgB.id, 'member.sso.sign_in_refused');
    expect(refusal.payload.code).toMatch(/^saml_/);
  });

  it('sends the member back only to an allowed origin (no open redirect)', async () => {
    await member('back@acme.test');
    await setReturnOrigins(t, org.id, ['https://app.acme.test']);
    const browser = new TesseraBrowser(t);

    const foreign = await browser.get(
      `/sso/start?org=${org.slug}&return_to=${encodeURIComponent('https://evil.test/x')}`,
    );
    expect(foreign.status).toBe(400);
    expect(failureCodeOf(foreign)).toBe('return_to_not_allowed');

    const back = 'https://app.acme.test/projects?tab=1';
    const acs = await samlLogin(
      browser,
      idp,
      `/sso/start?org=${org.slug}&return_to=${encodeURIComponent(back)}`,
      { nameId: 'back@acme.test' },
    );
    expect(acs.headers.location).toBe(back);

    // Without return_to, the member lands on the organization's application, not on Tessera.
    const plain = await samlLogin(new TesseraBrowser(t), idp, `/sso/start?org=${org.slug}`, {
      nameId: 'back@acme.test',
    });
    expect(plain.headers.location).toBe('https://app.acme.test/');
    await setReturnOrigins(t, org.id, []);
  });

  it('refuses a deprovisioned member and tells them to ask their IdP administrator', async () => {
    const id = await member('gone@acme.test');
    await t.db.query(`UPDATE members SET status = 'deprovisioned' WHERE id = $1`, [id]);
    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/start?org=${org.slug}`, {
      nameId: 'gone@acme.test',
    });
    expect(res.status).toBe(403);
    expect(failureCodeOf(res)).toBe('member_deprovisioned');
    expect(res.text).toContain('Ask your IdP administrator');
  });
});

describe('MFA required (DESIGN rule 5) with SAML AuthnContextClassRef evidence', () => {
  it('refuses password-only with an audit event; accepts Entra multipleauthn', async () => {
    await member('mfa@acme.test');
    await setOrgSecurity(t, org.id, { mfaRequired: true });
    try {
      const refused = await samlLogin(new TesseraBrowser(t), idp, `/sso/start?org=${org.slug}`, {
        nameId: 'mfa@acme.test',
        authnContextClassRef: PASSWORD,
      });
      expect(refused.status).toBe(403);
      expect(failureCodeOf(refused)).toBe('mfa_required');
      const refusals = await auditActions(t, org.id, 'member.sso.sign_in_refused');
      expect(refusals.at(-1).payload.code).toBe('mfa_required');

      const browser = new TesseraBrowser(t);
      const accepted = await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, {
        nameId: 'mfa@acme.test',
        authnContextClassRef: ENTRA_MFA,
      });
      expect(accepted.status).toBe(303);
      const [row] = await t.db.query(
        `SELECT mfa_evidence FROM sessions WHERE member_id =
           (SELECT id FROM members WHERE user_name = 'mfa@acme.test')`,
      );
      expect(row.mfa_evidence).toContain(ENTRA_MFA);
    } finally {
      await setOrgSecurity(t, org.id, { mfaRequired: false });
    }
  });
});

describe('just-in-time provisioning', () => {
  it('is off by default: an unknown subject is refused with sso_not_linked', async () => {
    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/start?org=${org.slug}`, {
      nameId: 'newcomer@acme.test',
    });
    expect(res.status).toBe(403);
    expect(failureCodeOf(res)).toBe('sso_not_linked');
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM members WHERE user_name = 'newcomer@acme.test'`,
    );
    expect(row.n).toBe(0);
  });

  it('when on, creates a `member` — IdP groups grant a role only through a mapping', async () => {
    const jitOrg = await createOrgWithScim(t, 'jit-saml');
    const jitIdp = await startSamlTestIdp({ clock: t.clock });
    const [admin] = await t.db.query(`SELECT id FROM roles WHERE org_id = $1 AND name = 'admin'`, [
      jitOrg.id,
    ]);
    const jit = await createTestSamlConnection(
      t,
      jitOrg.id,
      jitIdp.connectionConfig({
        jitEnabled: true,
        groupRoleMappings: [{ group: 'tessera-admins', roleId: admin.id }],
      }),
    );
    const login = (nameId: string, groups: string[]) =>
      samlLogin(new TesseraBrowser(t), jitIdp, `/sso/${jit.id}/login`, {
        nameId,
        attributes: { email: [nameId], groups, given_name: ['New'] },
      });

    expect((await login('plain@jit.test', ['owners', 'everyone'])).status).toBe(303);
    expect((await login('lead@jit.test', ['tessera-admins'])).status).toBe(303);

    const rows = await t.db.query(
      `SELECT m.user_name, m.source, r.name AS role FROM members m JOIN roles r ON r.id = m.role_id
        WHERE m.org_id = $1 ORDER BY m.user_name`,
      [jitOrg.id],
    );
    expect(rows).toEqual([
      { user_name: 'lead@jit.test', source: 'sso_jit', role: 'admin' },
      { user_name: 'plain@jit.test', source: 'sso_jit', role: 'member' },
    ]);
    expect(await auditActions(t, jitOrg.id, 'member.sso.provisioned')).toHaveLength(2);
  });
});

describe('sign-out with SAML single logout (Profiles §4.4)', () => {
  it('ends the local session and answers the IdP SLO URL', async () => {
    await member('bye@acme.test');
    const browser = new TesseraBrowser(t);
    await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, {
      nameId: 'bye@acme.test',
      sessionIndex: 'idx-bye',
    });
    const res = await browser.postJson('/auth/logout');
    expect(res.status).toBe(200);
    expect(res.body.sloRedirectUrl.startsWith(`${idp.sloUrl}?`)).toBe(true);
    expect((await browser.get('/auth/session')).status).toBe(401);
  });
});

describe("an admin's test sign-in (purpose `test`)", () => {
  it('creates no session, marks the tested revision and shows subject, email and MFA', async () => {
    const untested = await createTestSamlConnection(t, org.id, {
      ...idp.connectionConfig(),
      name: 'Untested',
      tested: false,
      enabled: false,
    });
    const ownerId = await member('tester@acme.test', 'owner');
    const { headers } = await signIn(t, org.id, ownerId);
    const browser = new TesseraBrowser(t);
    const started = browser.keep(
      await t.http.post(`/api/v1/orgs/${org.id}/sso/connections/${untested.id}/test`).set(headers),
    );
    expect(started.status).toBe(200);

    const form = idp.respondTo(started.body.redirectUrl, {
      nameId: 'someone@acme.test',
      attributes: { email: ['someone@acme.test'] },
      authnContextClassRef: ENTRA_MFA,
    });
    const res = await browser.postForm(`/sso/saml/${untested.id}/acs`, { ...form });

    expect(res.status).toBe(200);
    expect(res.text).toContain('someone@acme.test');
    expect(res.text).toContain('MFA: accepted');
    expect(res.text).not.toContain('SAMLResponse');
    expect(browser.cookies.has('tessera_session')).toBe(false);
    const [row] = await t.db.query(
      'SELECT tested_revision, revision FROM sso_connections WHERE id = $1',
      [untested.id],
    );
    expect(row.tested_revision).toBe(row.revision);
    const [event] = await auditActions(t, org.id, 'organization.sso.connection_tested');
    expect(event).toMatchObject({ actor_id: ownerId, target_id: untested.id });
  });
});

describe('home-realm discovery (`/sso/start?email=`)', () => {
  it('routes a verified domain; unknown and unverified domains read the same', async () => {
    await member('dora@acme-verified.test');
    await t.db.query(
      `INSERT INTO sso_domains (org_id, connection_id, domain, verification_token, verified_at,
         created_at)
       VALUES ($1, $2, 'acme-verified.test', 'tok1', $3, $3),
              ($1, $2, 'acme-unverified.test', 'tok2', NULL, $3)`,
      [org.id, connection.id, t.clock.now()],
    );
    const browser = new TesseraBrowser(t);
    const ok = await samlLogin(browser, idp, '/sso/start?email=dora%40acme-verified.test', {
      nameId: 'dora@acme-verified.test',
    });
    expect(ok.status).toBe(303);

    const unverified = await browser.get('/sso/start?email=eve%40acme-unverified.test');
    const unknown = await browser.get('/sso/start?email=eve%40nowhere.test');
    const noOrg = await browser.get('/sso/start?org=no-such-org');
    for (const res of [unverified, unknown, noOrg]) {
      expect(res.status).toBe(404);
      expect(failureCodeOf(res)).toBe('sso_unknown_organization');
      expect(res.text.replace(/Reference: [^ ]+/, '')).toBe(
        unknown.text.replace(/Reference: [^ ]+/, ''),
      );
    }
  });
});

describe('step-up through SAML ForceAuthn (Core §3.4.1)', () => {
  async function staleSession(nameId: string) {
    await member(nameId, 'owner');
    const browser = new TesseraBrowser(t);
    await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, { nameId });
    t.clock.advance(16 * 60_000);
    const denied = await browser
      .adminRequest('put', `/api/v1/orgs/${org.id}/settings/general`)
      .send(GENERAL);
    expect(denied.body.error).toBe('reauth');
    return browser;
  }

  it('renews authenticatedAt so the privileged call that needed reauth succeeds', async () => {
    const browser = await staleSession('stepper@acme.test');
    const stepUp = await browser.postJson('/auth/step-up');
    expect(stepUp.status).toBe(200);
    expect(idp.parseRequest(stepUp.body.redirectUrl).forceAuthn).toBe(true);

    const form = idp.respondTo(stepUp.body.redirectUrl, {
      nameId: 'stepper@acme.test',
      authnInstant: t.clock.now(),
    });
    expect((await browser.postForm(`/sso/saml/${connection.id}/acs`, { ...form })).status).toBe(
      303,
    );
    const put = await browser
      .adminRequest('put', `/api/v1/orgs/${org.id}/settings/general`)
      .send(GENERAL);
    expect(put.status).toBe(200);
  });

  it('refuses an AuthnInstant from before the step-up began', async () => {
    const browser = await staleSession('lazy@acme.test');
    const stepUp = await browser.postJson('/auth/step-up');
    const form = idp.respondTo(stepUp.body.redirectUrl, {
      nameId: 'lazy@acme.test',
      authnInstant: new Date(t.clock.now().getTime() - 10 * 60_000),
    });
    const res = await browser.postForm(`/sso/saml/${connection.id}/acs`, { ...form });
    expect(failureCodeOf(res)).toBe('stale_authentication');
    const put = await browser
      .adminRequest('put', `/api/v1/orgs/${org.id}/settings/general`)
      .send(GENERAL);
    expect(put.status).toBe(403);
  });
});

describe('metrics of sign-ins and refusals', () => {
  it('counts successes by purpose and failures by reason', async () => {
    const text = (await t.http.get('/metrics')).text;
    const line = (name: string, labels: string) =>
      new RegExp(`^${name}\\{${labels}\\} ([0-9]+)$`, 'm').exec(text)?.[1];
    const where = `connection="${connection.id}",protocol="saml"`;
    expect(
      Number(line('tessera_sso_sign_ins_total', `${where},purpose="sign_in"`)),
    ).toBeGreaterThan(0);
    expect(Number(line('tessera_sso_sign_ins_total', `${where},purpose="step_up"`))).toBe(1);
    expect(Number(line('tessera_sso_failures_total', `${where},reason="sso_flow_unknown"`))).toBe(
      1,
    );
    expect(Number(line('tessera_sso_failures_total', `${where},reason="mfa_required"`))).toBe(1);
  });
});

describe('IdP-initiated responses (Profiles §4.1.5) and concurrent posts', () => {
  it('refuses an unsolicited response unless the connection allows it', async () => {
    await member('tile@acme.test');
    const unsolicited = (target: SsoConnectionRecord) => {
      const xml = idp.buildResponse({
        sp: {
          entityId: `https://tessera.test/sso/saml/${target.id}/metadata`,
          acsUrl: `https://tessera.test/sso/saml/${target.id}/acs`,
        },
        nameId: 'tile@acme.test',
        inResponseTo: null,
      });
      return new TesseraBrowser(t).postForm(`/sso/saml/${target.id}/acs`, { ...idp.postForm(xml) });
    };
    expect(failureCodeOf(await unsolicited(connection))).toBe('saml_idp_initiated_not_allowed');

    const tiles = await createTestSamlConnection(t, org.id, {
      ...idp.connectionConfig({ allowIdpInitiated: true }),
      name: 'Tiles',
    });
    const res = await unsolicited(tiles);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sso/signed-in');
  });

  it('lets exactly one of two simultaneous posts of one response through', async () => {
    await member('twice@acme.test');
    const browser = new TesseraBrowser(t);
    const redirectUrl = redirectOf(await browser.get(`/sso/start?org=${org.slug}`));
    const form = { ...idp.respondTo(redirectUrl, { nameId: 'twice@acme.test' }) };
    const results = await Promise.all([
      browser.postForm(`/sso/saml/${connection.id}/acs`, form),
      browser.postForm(`/sso/saml/${connection.id}/acs`, form),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
  });
});
