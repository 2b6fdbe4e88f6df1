import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { failureCodeOf, samlLogin, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/**
 * Issue 4 "Identity": a member is found by the connection and subject, or by profile. An
 * organization with two IdPs (say its own Okta and a subsidiary's IdP) trusts each for its own
 * people: once a member is linked to a subject of IdP A, IdP B asserting that member's address
 * for a subject of its own must not sign in as them.
 */
let t: TestApp;
let idpA: SamlTestIdp;
let idpB: SamlTestIdp;
let org: TestOrg;
let connA: SsoConnectionRecord;
let connB: SsoConnectionRecord;

beforeAll(async () => {
  t = await startTestApp();
  idpA = await startSamlTestIdp({ clock: t.clock });
  idpB = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'acme-attack2-links');
  connA = await createTestSamlConnection(t, org.id, { ...idpA.connectionConfig(), name: 'A' });
  connB = await createTestSamlConnection(t, org.id, { ...idpB.connectionConfig(), name: 'B' });
});
afterAll(() => t.close());

const signInAs = (
  idp: SamlTestIdp,
  connection: SsoConnectionRecord,
  subject: string,
  email: string,
) =>
  samlLogin(new TesseraBrowser(t), idp, `/sso/${connection.id}/login`, {
    nameId: subject,
    attributes: { email: [email] },
  });

async function signInsOf(memberId: string, connectionId: string): Promise<number> {
  const rows = await t.db.query(
    `SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1
        AND action = 'member.sso.signed_in' AND target_id = $2
        AND payload->>'connectionId' = $3`,
    [org.id, memberId, connectionId],
  );
  return rows[0].n;
}

describe('a member linked at one IdP cannot be claimed by profile through another', () => {
  it('IdP B asserting the address of a member linked at IdP A is refused', async () => {
    const alice = await createMember(t, org.id, 'alice@acme.test', 'admin');
    expect((await signInAs(idpA, connA, 'okta-00u1', 'alice@acme.test')).status).toBe(303);

    const res = await signInAs(idpB, connB, 'b-mallory', 'alice@acme.test');

    expect(res.status).toBe(403);
    expect(failureCodeOf(res)).toBe('sso_not_linked');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/tessera_session=[^;]/);
    expect(await signInsOf(alice, connB.id)).toBe(0);
  });

  it('the same goes for a subject equal to the member user name', async () => {
    const carol = await createMember(t, org.id, 'carol@acme.test', 'admin');
    expect((await signInAs(idpA, connA, 'okta-00u3', 'carol@acme.test')).status).toBe(303);

    const res = await signInAs(idpB, connB, 'carol@acme.test', 'other@b.test');

    expect(failureCodeOf(res)).toBe('sso_not_linked');
    expect(await signInsOf(carol, connB.id)).toBe(0);
  });

  it('a member linked nowhere yet is still found by profile through either IdP', async () => {
    const bob = await createMember(t, org.id, 'bob@acme.test');
    expect((await signInAs(idpB, connB, 'b-bob', 'bob@acme.test')).status).toBe(303);
    expect(await signInsOf(bob, connB.id)).toBe(1);
    // Their own IdP keeps working by its remembered link.
    expect((await signInAs(idpB, connB, 'b-bob', 'bob@acme.test')).status).toBe(303);
  });
});
