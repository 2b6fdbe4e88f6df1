import { SsoError } from '../../src/sso/sso-errors.js';
import { VALID_SAML_FIXTURES, type SamlFixtureContext } from '../fixtures/saml/index.js';
import { generateTestKeyPair, NAMEID_EMAIL } from '../support/saml-idp/index.js';
import { setUpSamlConnection, type SamlTestSetup } from '../support/saml-idp/saml-test-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const METHODS = 'http://schemas.microsoft.com/claims/authnmethodsreferences';
const MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';
const AC_SMARTCARD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI';

async function codeOf(run: Promise<unknown>): Promise<string | null> {
  return run.then(
    () => null,
    (e: unknown) => (e instanceof SsoError ? e.code : `not an SsoError: ${String(e)}`),
  );
}

describe('SAML response verification (SAML Profiles §4.1.4, Core §2.5)', () => {
  let t: TestApp;
  let setup: SamlTestSetup;
  let orgs = 0;

  const context = (s: SamlTestSetup, inResponseTo: string | null): SamlFixtureContext => ({
    idp: s.idp,
    sp: s.sp,
    inResponseTo,
    attacker: s.attacker,
    now: t.clock.now(),
  });
  const another = (config: Parameters<typeof setUpSamlConnection>[2] = {}) => {
    orgs += 1;
    return setUpSamlConnection(t, `saml-verify-${orgs}`, config);
  };

  beforeAll(async () => {
    t = await startTestApp();
    setup = await setUpSamlConnection(t, 'saml-verify');
  });
  afterAll(() => t.close());

  it.each(Object.entries(VALID_SAML_FIXTURES))('accepts %s', async (_name, fixture) => {
    const s = fixture.connection ? await another(fixture.connection) : setup;
    const xml = fixture.build(context(s, '_request-valid'));

    const { identity } = await s.verify(s.idp.postForm(xml, 'flow-valid'));

    expect(identity.subject).toBe(fixture.expected.subject);
    if (fixture.expected.email !== undefined) expect(identity.email).toBe(fixture.expected.email);
    if (fixture.expected.amr) expect(identity.amr).toEqual(fixture.expected.amr);
  });

  it('reads the identity from the signed assertion only', async () => {
    const authnInstant = new Date(t.clock.now().getTime() - 30_000);
    const xml = setup.idp.buildResponse({
      sp: setup.sp,
      inResponseTo: '_req-identity',
      nameId: '00u1abcd',
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      authnContextClassRef: AC_SMARTCARD,
      authnInstant,
      sessionIndex: '_session-42',
      attributes: {
        email: ['grace@example.com'],
        given_name: ['Grace'],
        family_name: ['Hopper'],
        groups: ['engineering', 'admins'],
        [METHODS]: [MULTIPLE_AUTHN],
      },
    });

    const verified = await setup.verify(setup.idp.postForm(xml, 'flow-42'));

    expect(verified).toEqual({
      inResponseTo: '_req-identity',
      relayState: 'flow-42',
      identity: {
        protocol: 'saml',
        subject: '00u1abcd',
        email: 'grace@example.com',
        givenName: 'Grace',
        familyName: 'Hopper',
        groups: ['engineering', 'admins'],
        amr: [MULTIPLE_AUTHN],
        acr: [AC_SMARTCARD],
        attributes: expect.objectContaining({ groups: ['engineering', 'admins'] }),
        authenticatedAt: authnInstant,
        samlSessionIndex: '_session-42',
        samlNameId: '00u1abcd',
        samlNameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      },
    });
  });

  it('returns null InResponseTo for an IdP-initiated response (the flow decides)', async () => {
    const xml = setup.idp.buildResponse({ sp: setup.sp, inResponseTo: null });
    const verified = await setup.verify(setup.idp.postForm(xml));
    expect({ inResponseTo: verified.inResponseTo, relayState: verified.relayState }).toEqual({
      inResponseTo: null,
      relayState: null,
    });
  });

  it("refuses organization A's assertion at organization B's ACS", async () => {
    const b = await another();
    const forA = setup.idp.buildResponse({ sp: setup.sp, inResponseTo: '_a' });
    // B trusts A's IdP certificate too: only the audience and recipient tell them apart.
    const bTrustsA = await another({
      idpEntityId: setup.idp.entityId,
      idpCertificates: [setup.idp.keys.certificatePem],
    });
    expect(await codeOf(b.verify(b.idp.postForm(forA)))).toBe('saml_signature_invalid');
    expect(await codeOf(bTrustsA.verify(bTrustsA.idp.postForm(forA)))).toBe(
      'saml_audience_mismatch',
    );
  });

  it('accepts any of several IdP certificates, for rotation', async () => {
    const old = generateTestKeyPair('Old IdP key', t.clock.now());
    const next = generateTestKeyPair('Next IdP key', t.clock.now());
    const rotated = await another({ idpCertificates: [old.certificatePem, next.certificatePem] });
    const xml = rotated.idp.buildResponse({ sp: rotated.sp, signingKey: next });
    const verified = await rotated.verify(rotated.idp.postForm(xml));
    expect(verified.identity.subject).toBe('ada@example.com');
  });

  it('allows the configured clock skew and no more (Core §2.5.1.2)', async () => {
    const strict = await another({ clockSkewSeconds: 0 });
    const thirtySecondsAgo = () => new Date(t.clock.now().getTime() - 30_000);
    const lenient = setup.idp.buildResponse({
      sp: setup.sp,
      subjectNotOnOrAfter: thirtySecondsAgo(),
      notOnOrAfter: thirtySecondsAgo(),
    });
    const late = strict.idp.buildResponse({
      sp: strict.sp,
      subjectNotOnOrAfter: thirtySecondsAgo(),
    });

    await expect(setup.verify(setup.idp.postForm(lenient))).resolves.toBeDefined();
    expect(await codeOf(strict.verify(strict.idp.postForm(late)))).toBe('saml_expired');
  });

  it('keeps an assertion id until it expires, then prunes it', async () => {
    const s = await another({ clockSkewSeconds: 60 });
    const xml = s.idp.buildResponse({ sp: s.sp, assertionId: '_once' });
    await s.verify(s.idp.postForm(xml));
    expect(await codeOf(s.verify(s.idp.postForm(xml)))).toBe('saml_replay');

    t.clock.advance(10 * 60_000);
    await s.verify(s.idp.postForm(s.idp.buildResponse({ sp: s.sp })));
    const rows = await t.db.query(
      'SELECT assertion_id FROM sso_assertion_ids WHERE connection_id = $1',
      [s.connection.id],
    );
    expect(rows.map((r: { assertion_id: string }) => r.assertion_id)).not.toContain('_once');
  });

  it('refuses a post without a readable SAMLResponse', async () => {
    expect(await codeOf(setup.verify(undefined))).toBe('saml_malformed');
    expect(await codeOf(setup.verify({ SAMLResponse: 'not base64 !' }))).toBe('saml_malformed');
    expect(await codeOf(setup.verify({ SAMLResponse: Buffer.from('hi').toString('base64') }))).toBe(
      'saml_malformed',
    );
  });

  it('uses an email NameID as the email when no email attribute is mapped', async () => {
    const xml = setup.idp.buildResponse({
      sp: setup.sp,
      nameId: 'lin@example.com',
      nameIdFormat: NAMEID_EMAIL,
    });
    const { identity } = await setup.verify(setup.idp.postForm(xml));
    expect(identity.email).toBe('lin@example.com');
  });
});
