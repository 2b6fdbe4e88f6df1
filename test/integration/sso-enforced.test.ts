import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { addBreakGlassOwner, BreakGlassDriver } from '../support/break-glass.js';
import { createMember, signIn } from '../support/sessions.js';
import { startSamlTestIdp, type SamlTestIdp } from '../support/saml-idp/index.js';
import { createTestSamlConnection } from '../support/sso-connections.js';
import {
  auditActions,
  failureCodeOf,
  samlLogin,
  setOrgSecurity,
  TesseraBrowser,
} from '../support/sso-flow.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';
import type { SsoConnectionRecord } from '../../src/sso/sso-types.js';

let t: TestApp;
let idp: SamlTestIdp;
let org: TestOrg;
let connection: SsoConnectionRecord;
let ownerHeaders: Record<string, string>;

async function invite(email: string, roleName: string): Promise<string> {
  const [role] = await t.db.query('SELECT id FROM roles WHERE org_id = $1 AND name = $2', [
    org.id,
    roleName,
  ]);
  const res = await t.http
    .post(`/api/v1/orgs/${org.id}/invitations`)
    .set(ownerHeaders)
    .send({ email, roleId: role.id });
  expect(res.status).toBe(201);
  return res.body.acceptToken;
}

beforeAll(async () => {
  t = await startTestApp();
  idp = await startSamlTestIdp({ clock: t.clock });
  org = await createOrgWithScim(t, 'enforced');
  connection = await createTestSamlConnection(t, org.id, idp.connectionConfig());
  const ownerId = await createMember(t, org.id, 'boss@enforced.test', 'owner');
  ownerHeaders = (await signIn(t, org.id, ownerId)).headers;
  await setOrgSecurity(t, org.id, { ssoEnforced: true });
});
afterAll(() => t.close());

describe('enforced SSO (DESIGN rule 5)', () => {
  it('refuses invitation acceptance by token and names the SSO start URL', async () => {
    const token = await invite('ivy@enforced.test', 'admin');
    const res = await t.http.post('/auth/invitations/accept').send({ token });

    expect(res.status).toBe(409);
    expect(res.body.error).toBe('sso_required');
    expect(res.body.message).toContain(`/sso/start?org=${org.slug}`);
    expect(res.headers['set-cookie']).toBeUndefined();
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM members
        WHERE org_id = $1 AND user_name = 'ivy@enforced.test'`,
      [org.id],
    );
    expect(row.n).toBe(0);
  });

  it('accepts the invitation when the invitee signs in through SSO with that address', async () => {
    await invite('ian@enforced.test', 'admin');
    const browser = new TesseraBrowser(t);
    const res = await samlLogin(browser, idp, `/sso/start?org=${org.slug}`, {
      nameId: 'idp-user-4711',
      attributes: { email: ['ian@enforced.test'] },
    });

    expect(res.status).toBe(303);
    const session = await browser.get('/auth/session');
    expect(session.body).toMatchObject({ role: { name: 'admin' }, method: 'sso_saml' });
    const [invitation] = await t.db.query(
      `SELECT status FROM invitations WHERE org_id = $1 AND email = 'ian@enforced.test'`,
      [org.id],
    );
    expect(invitation.status).toBe('accepted');
    const [signedIn] = (await auditActions(t, org.id, 'member.sso.signed_in')).slice(-1);
    expect(signedIn.payload.linkedBy).toBe('invitation');
  });

  it('an address without invitation or member is still refused (JIT off)', async () => {
    const res = await samlLogin(new TesseraBrowser(t), idp, `/sso/${connection.id}/login`, {
      nameId: 'nobody-here',
      attributes: { email: ['nobody@enforced.test'] },
    });
    expect(failureCodeOf(res)).toBe('sso_not_linked');
  });

  it('still lets the break-glass owner sign in, audited as auth.break_glass.used', async () => {
    const owner = await addBreakGlassOwner(t, org, 'root@enforced.test');
    const res = await new BreakGlassDriver(t).signIn(owner, '198.18.7.1');

    expect(res.status).toBe(200);
    expect(res.body.method).toBe('break_glass');
    const used = await auditActions(t, org.id, 'auth.break_glass.used');
    expect(used).toHaveLength(1);
    expect(t.logLines.some((l) => l.includes('auth.break_glass.used'))).toBe(true);
  });
});
