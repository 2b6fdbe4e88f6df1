import { SsoError } from '../../src/sso/sso-errors.js';
import { INVALID_SAML_FIXTURES, type InvalidSamlFixture } from '../fixtures/saml/index.js';
import { setUpSamlConnection, type SamlTestSetup } from '../support/saml-idp/saml-test-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every attack fixture in test/fixtures/saml/invalid/ against the real `verifySamlPost`, a real
 * database and real signatures: each is refused with its own code, and a refused response leaves
 * no assertion id behind (so the genuine one can still be used once).
 */
describe('SAML attack fixtures (SAML Profiles §4.1.4, XML-DSig wrapping)', () => {
  let t: TestApp;
  let setup: SamlTestSetup;
  let orgs = 0;

  beforeAll(async () => {
    t = await startTestApp();
    setup = await setUpSamlConnection(t, 'saml-attacks');
  });
  afterAll(() => t.close());

  async function setupFor(fixture: InvalidSamlFixture): Promise<SamlTestSetup> {
    if (!fixture.connection) return setup;
    orgs += 1;
    return setUpSamlConnection(t, `saml-attacks-${orgs}`, fixture.connection);
  }

  async function refusal(run: Promise<unknown>): Promise<SsoError> {
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SsoError);
    return error as SsoError;
  }

  it.each(Object.entries(INVALID_SAML_FIXTURES))('refuses %s', async (_name, fixture) => {
    const s = await setupFor(fixture);
    const ctx = {
      idp: s.idp,
      sp: s.sp,
      inResponseTo: '_request-1',
      attacker: s.attacker,
      now: t.clock.now(),
    };
    const body = s.idp.postForm(fixture.build(ctx), 'flow-1');
    if (fixture.postTwice) await s.verify(body);

    const error = await refusal(s.verify(body));
    expect({ code: error.code, status: error.status < 500 }).toEqual({
      code: fixture.expectedCode,
      status: true,
    });
  });

  it('keeps no replay entry for a refused response', async () => {
    const xml = setup.idp.buildResponse({
      sp: setup.sp,
      assertionId: '_kept-for-later',
      destination: 'https://elsewhere.example.test/acs',
    });
    await refusal(setup.verify(setup.idp.postForm(xml)));

    const genuine = setup.idp.buildResponse({ sp: setup.sp, assertionId: '_kept-for-later' });
    const verified = await setup.verify(setup.idp.postForm(genuine));
    expect(verified.identity.subject).toBe('ada@example.com');
  });
});
