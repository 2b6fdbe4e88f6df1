import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { UNVERIFIED_AUDIT_POLICY } from '../../src/sso/flow/refusal-audit-budget.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createMember } from '../support/sessions.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import { auditActions, failureCodeOf, samlLogin, TesseraBrowser } from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let idp: SamlTestIdp;
let org: TestOrg;
let connection: SsoConnectionRecord;

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'acme-refusal-audit');
  connection = await createTestSamlConnection(t, org.id, idp.connectionConfig());
});
afterAll(() => t.close());

const garbage = () =>
  t.http
    .post(`/sso/saml/${connection.id}/acs`)
    .type('form')
    .send({ SAMLResponse: Buffer.from('<not-saml/>').toString('base64') });

describe('refusals an anonymous sender can cause cannot grow the audit trail without bound', () => {
  it('audits unsigned junk up to the budget, logs and counts every one', async () => {
    const posts = UNVERIFIED_AUDIT_POLICY.maxFailures + 5;
    for (let i = 0; i < posts; i++) {
      const res = await garbage();
      expect(res.status).toBe(400);
    }

    const refusals = await auditActions(t, org.id, 'member.sso.sign_in_refused');
    expect(refusals).toHaveLength(UNVERIFIED_AUDIT_POLICY.maxFailures);
    const flagged = refusals.filter(
      (e: { payload: Record<string, unknown> }) => e.payload.furtherUnverifiedRefusalsLoggedOnly,
    );
    expect(flagged).toHaveLength(1);
    const logged = t.logLines.filter((l) => l.includes('"sso refused"'));
    expect(logged.length).toBeGreaterThanOrEqual(posts);

    // A new window audits again.
    t.clock.advance(UNVERIFIED_AUDIT_POLICY.windowMs + 1);
    await garbage();
    const after = await auditActions(t, org.id, 'member.sso.sign_in_refused');
    expect(after).toHaveLength(UNVERIFIED_AUDIT_POLICY.maxFailures + 1);
  });

  it('still audits every refusal about a verified identity, budget spent or not', async () => {
    for (let i = 0; i < UNVERIFIED_AUDIT_POLICY.maxFailures; i++) await garbage();
    const before = (await auditActions(t, org.id, 'member.sso.sign_in_refused')).length;
    await createMember(t, org.id, 'gone@acme.test');
    await t.db.query(`UPDATE members SET status = 'deprovisioned' WHERE user_name = $1`, [
      'gone@acme.test',
    ]);

    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/start?org=${org.slug}`, {
      nameId: 'gone@acme.test',
    });

    expect(failureCodeOf(res)).toBe('member_deprovisioned');
    const refusals = await auditActions(t, org.id, 'member.sso.sign_in_refused');
    expect(refusals).toHaveLength(before + 1);
    expect(
      refusals.some(
        (e: { payload: Record<string, unknown> }) => e.payload.code === 'member_deprovisioned',
      ),
    ).toBe(true);
  });
});
