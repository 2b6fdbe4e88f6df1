import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  generateTestKeyPair,
  parseLogoutResponseRedirect,
  SAML_STATUS_RESPONDER,
  SAML_STATUS_SUCCESS,
  startSamlTestIdp,
  type SamlLogoutRequestOptions,
  type SamlTestIdp,
  type TestKeyPair,
} from '../support/saml-idp/index.js';
import { createMember } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { auditActions, failureCodeOf, samlLogin, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  PUBLIC_URL,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import { samlSpUrls } from '../../src/sso/saml/index.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';

let t: TestApp;
let idp: SamlTestIdp;
let attacker: TestKeyPair;
let orgA: TestOrg;
let orgB: TestOrg;
/** Org A's and org B's connections both trust the same IdP, as a shared Okta tenant would. */
let connectionA: SsoConnectionRecord;
let connectionB: SsoConnectionRecord;

const sloOf = (c: SsoConnectionRecord) => samlSpUrls(PUBLIC_URL, c.id).sloUrl;
const sloPath = (c: SsoConnectionRecord) => new URL(sloOf(c)).pathname;

/** A browser signed in at `connection` as `nameId` with the IdP session `sessionIndex`. */
async function signedIn(connection: SsoConnectionRecord, nameId: string, sessionIndex: string) {
  const browser = new TesseraBrowser(t);
  const acs = await samlLogin(browser, idp, `/sso/${connection.id}/login`, {
    nameId,
    sessionIndex,
  });
  expect(acs.status).toBe(303);
  return browser;
}

const isSignedIn = async (browser: TesseraBrowser) =>
  (await browser.get('/auth/session')).status === 200;

/** The IdP's browser auto-posts its LogoutRequest to our SLO URL (Bindings §3.5.4). */
async function postLogoutRequest(
  connection: SsoConnectionRecord,
  options: Omit<SamlLogoutRequestOptions, 'sloUrl'>,
  relayState: string | null = null,
) {
  const xml = idp.buildLogoutRequest({ sloUrl: sloOf(connection), ...options });
  const form = idp.logoutForm(xml, 'SAMLRequest', relayState);
  return t.http.post(sloPath(connection)).type('form').send(form);
}

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  attacker = generateTestKeyPair('Attacker', t.clock.now());
  orgA = await createOrgWithScim(t, 'slo-a');
  orgB = await createOrgWithScim(t, 'slo-b');
  connectionA = await createTestSamlConnection(t, orgA.id, idp.connectionConfig());
  connectionB = await createTestSamlConnection(t, orgB.id, idp.connectionConfig());
});
afterAll(() => t.close());

describe('IdP-initiated single logout (Profiles §4.4.4.2, HTTP-POST binding)', () => {
  it("ends exactly that member's session at that connection, audits it and answers", async () => {
    const aliceId = await createMember(t, orgA.id, 'alice@slo.test');
    const bobId = await createMember(t, orgA.id, 'bob@slo.test');
    await createMember(t, orgB.id, 'alice@slo.test');
    const alice = await signedIn(connectionA, 'alice@slo.test', 'idx-alice');
    const bob = await signedIn(connectionA, 'bob@slo.test', 'idx-bob');
    const aliceAtB = await signedIn(connectionB, 'alice@slo.test', 'idx-alice');

    const xml = idp.buildLogoutRequest({
      sloUrl: sloOf(connectionA),
      nameId: 'alice@slo.test',
      sessionIndexes: ['idx-alice'],
    });
    const requestId = /ID="([^"]+)"/.exec(xml)![1];
    const res = await t.http
      .post(sloPath(connectionA))
      .type('form')
      .send(idp.logoutForm(xml, 'SAMLRequest', 'relay-1'));

    // Profiles §4.4.3.4: the answer is a LogoutResponse to the IdP's SLO endpoint.
    expect(res.status).toBe(303);
    expect(res.headers.location.startsWith(`${idp.sloUrl}?`)).toBe(true);
    const answer = parseLogoutResponseRedirect(res.headers.location);
    expect(answer).toMatchObject({
      inResponseTo: requestId,
      status: SAML_STATUS_SUCCESS,
      issuer: samlSpUrls(PUBLIC_URL, connectionA.id).entityId,
      destination: idp.sloUrl,
      relayState: 'relay-1',
    });
    expect(answer.signature).toBeTruthy();

    expect(await isSignedIn(alice)).toBe(false);
    expect(await isSignedIn(bob)).toBe(true);
    expect(await isSignedIn(aliceAtB)).toBe(true);
    const events = await auditActions(t, orgA.id, 'member.sso.signed_out');
    expect(events).toEqual([
      {
        actor_id: aliceId,
        target_id: aliceId,
        payload: { connectionId: connectionA.id, sessionsEnded: 1, initiatedBy: 'idp' },
      },
    ]);
    expect(events.some((e: { actor_id: string }) => e.actor_id === bobId)).toBe(false);
    expect(await auditActions(t, orgB.id, 'member.sso.signed_out')).toEqual([]);
  });

  it('without SessionIndex ends every session of the NameID at the connection', async () => {
    await createMember(t, orgA.id, 'carol@slo.test');
    const laptop = await signedIn(connectionA, 'carol@slo.test', 'idx-carol-1');
    const phone = await signedIn(connectionA, 'carol@slo.test', 'idx-carol-2');

    const otherIndex = await postLogoutRequest(connectionA, {
      nameId: 'carol@slo.test',
      sessionIndexes: ['idx-someone-else'],
    });
    expect(otherIndex.status).toBe(303);
    expect(await isSignedIn(laptop)).toBe(true);

    const res = await postLogoutRequest(connectionA, { nameId: 'carol@slo.test' });
    expect(res.status).toBe(303);
    expect(await isSignedIn(laptop)).toBe(false);
    expect(await isSignedIn(phone)).toBe(false);
    const events = await auditActions(t, orgA.id, 'member.sso.signed_out');
    expect(events.at(-1).payload).toMatchObject({ sessionsEnded: 2 });
  });

  it('answers with a page when the IdP publishes no single-logout endpoint', async () => {
    const orgC = await createOrgWithScim(t, 'slo-c');
    const noSlo = await createTestSamlConnection(
      t,
      orgC.id,
      idp.connectionConfig({ idpSloUrl: null }),
    );
    await createMember(t, orgC.id, 'dan@slo.test');
    const dan = await signedIn(noSlo, 'dan@slo.test', 'idx-dan');

    const res = await postLogoutRequest(noSlo, { nameId: 'dan@slo.test' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('You are signed out');
    expect(await isSignedIn(dan)).toBe(false);
  });
});

describe('a LogoutRequest that is not verified ends nothing (Profiles §4.4.4.1)', () => {
  let erin: TesseraBrowser;

  beforeAll(async () => {
    await createMember(t, orgA.id, 'erin@slo.test');
    erin = await signedIn(connectionA, 'erin@slo.test', 'idx-erin');
  });

  const refused = async (res: { status: number }, code: string) => {
    expect(res.status).toBe(400);
    expect(failureCodeOf(res as Parameters<typeof failureCodeOf>[0])).toBe(code);
    expect(await isSignedIn(erin)).toBe(true);
  };

  it('refuses an unsigned LogoutRequest', async () => {
    const res = await postLogoutRequest(connectionA, { nameId: 'erin@slo.test', sign: false });
    await refused(res, 'saml_logout_invalid');
  });

  it('refuses a LogoutRequest signed with a key the connection does not trust', async () => {
    const res = await postLogoutRequest(connectionA, {
      nameId: 'erin@slo.test',
      signingKey: attacker,
    });
    await refused(res, 'saml_logout_invalid');
  });

  it('refuses a signed LogoutRequest whose NameID was changed after signing', async () => {
    const xml = idp
      .buildLogoutRequest({ sloUrl: sloOf(connectionA), nameId: 'nobody@slo.test' })
      .replace('nobody@slo.test', 'erin@slo.test');
    const form = idp.logoutForm(xml, 'SAMLRequest');
    await refused(
      await t.http.post(sloPath(connectionA)).type('form').send(form),
      'saml_logout_invalid',
    );
  });

  it("refuses a LogoutRequest meant for another connection's endpoint", async () => {
    const res = await postLogoutRequest(connectionA, {
      nameId: 'erin@slo.test',
      destination: sloOf(connectionB),
    });
    await refused(res, 'saml_logout_destination_mismatch');
  });

  it('refuses a LogoutRequest from another issuer', async () => {
    const res = await postLogoutRequest(connectionA, {
      nameId: 'erin@slo.test',
      issuer: 'https://other-idp.example.test/metadata',
    });
    await refused(res, 'saml_logout_issuer_mismatch');
  });

  it('refuses a LogoutRequest issued too long ago', async () => {
    const res = await postLogoutRequest(connectionA, {
      nameId: 'erin@slo.test',
      issueInstant: new Date(t.clock.now().getTime() - 10 * 60_000),
    });
    await refused(res, 'saml_logout_expired');
  });

  it('refuses a DOCTYPE before parsing', async () => {
    const xml = idp.buildLogoutRequest({ sloUrl: sloOf(connectionA), nameId: 'erin@slo.test' });
    const form = idp.logoutForm(`<!DOCTYPE x [<!ENTITY e "erin">]>${xml}`, 'SAMLRequest');
    await refused(
      await t.http.post(sloPath(connectionA)).type('form').send(form),
      'saml_doctype_refused',
    );
  });

  it('acts on a LogoutRequest once: a replay is refused', async () => {
    await createMember(t, orgA.id, 'frank@slo.test');
    const xml = idp.buildLogoutRequest({ sloUrl: sloOf(connectionA), nameId: 'frank@slo.test' });
    const form = idp.logoutForm(xml, 'SAMLRequest');
    expect((await t.http.post(sloPath(connectionA)).type('form').send(form)).status).toBe(303);

    const frank = await signedIn(connectionA, 'frank@slo.test', 'idx-frank');
    const replay = await t.http.post(sloPath(connectionA)).type('form').send(form);
    expect(replay.status).toBe(400);
    expect(failureCodeOf(replay)).toBe('saml_replay');
    expect(await isSignedIn(frank)).toBe(true);
  });
});

describe('the LogoutResponse after SP-initiated sign-out (Profiles §4.4.3.4)', () => {
  /** Signs in, signs out at Tessera, and returns the id of the LogoutRequest sent to the IdP. */
  async function signOut(nameId: string): Promise<string> {
    await createMember(t, orgA.id, nameId);
    const browser = await signedIn(connectionA, nameId, `idx-${nameId}`);
    const logout = await browser.postJson('/auth/logout');
    expect(logout.status).toBe(200);
    return idp.parseRequest(logout.body.sloRedirectUrl).id;
  }

  const postResponse = (xml: string) =>
    t.http.post(sloPath(connectionA)).type('form').send(idp.logoutForm(xml, 'SAMLResponse'));

  it('shows the signed-out page', async () => {
    const requestId = await signOut('gina@slo.test');
    const xml = idp.buildLogoutResponse({ sloUrl: sloOf(connectionA), inResponseTo: requestId });
    const res = await postResponse(xml);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('You are signed out');
  });

  it('refuses a forged LogoutResponse', async () => {
    const requestId = await signOut('hank@slo.test');
    const forged = idp.buildLogoutResponse({
      sloUrl: sloOf(connectionA),
      inResponseTo: requestId,
      signingKey: attacker,
    });
    const res = await postResponse(forged);
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_logout_invalid');
    expect(res.text).not.toContain('You are signed out');
    const unsigned = idp.buildLogoutResponse({
      sloUrl: sloOf(connectionA),
      inResponseTo: requestId,
      sign: false,
    });
    expect(failureCodeOf(await postResponse(unsigned))).toBe('saml_logout_invalid');
  });

  it('says so when the IdP reports that it could not sign the person out', async () => {
    const requestId = await signOut('ivy@slo.test');
    const xml = idp.buildLogoutResponse({
      sloUrl: sloOf(connectionA),
      inResponseTo: requestId,
      status: SAML_STATUS_RESPONDER,
    });
    const res = await postResponse(xml);
    expect(res.status).toBe(400);
    expect(failureCodeOf(res)).toBe('saml_logout_status_failure');
  });

  it('refuses a LogoutRequest posted as SAMLResponse, and a form with neither', async () => {
    const xml = idp.buildLogoutRequest({ sloUrl: sloOf(connectionA), nameId: 'x@slo.test' });
    expect(failureCodeOf(await postResponse(xml))).toBe('saml_logout_invalid');
    const empty = await t.http.post(sloPath(connectionA)).type('form').send({ RelayState: 'r' });
    expect(empty.status).toBe(400);
    expect(failureCodeOf(empty)).toBe('saml_malformed');
  });
});
