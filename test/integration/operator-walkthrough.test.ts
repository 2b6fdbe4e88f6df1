import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { auditVerify, orgCreate, type CommandDeps } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/config/config.js';
import { signIn } from '../support/sessions.js';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The day-one story of an organization, end to end through the real surfaces: the operator CLI
 * creates the organization and its break-glass owner; the owner signs in, creates an API key and
 * a custom role that delegates security configuration, invites someone into it, and rotates a
 * SCIM token; the audit trail shows every step and its hash chain verifies.
 */
let t: TestApp;
let cliResults: Record<string, unknown>[];
let cli: CommandDeps;

beforeAll(async () => {
  t = await startTestApp();
  cliResults = [];
  cli = {
    db: t.db,
    keyring: t.keyring,
    config: loadConfig({ PUBLIC_URL }),
    out: { result: (_human, json) => void cliResults.push(json) },
    now: () => t.clock.now(),
    warn: () => undefined,
  };
});
afterAll(() => t.close());

describe('an organization from the operator CLI to a verified audit trail', () => {
  it('runs the whole story', async () => {
    await orgCreate(cli, { name: 'Acme', slug: 'acme', 'owner-email': 'root@acme.test' });
    const org = cliResults.pop() as { id: string; owner: { password: string; totpSecret: string } };
    const api = (suffix: string) => `/api/v1/orgs/${org.id}${suffix}`;

    const signedIn = await t.http.post('/auth/break-glass').send({
      organization: 'acme',
      email: 'root@acme.test',
      password: org.owner.password,
      code: generateTotp(decodeBase32(org.owner.totpSecret), t.clock.now()),
    });
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const owner = { Cookie: cookie, 'X-Tessera-CSRF': '1' };

    const key = await t.http.post(api('/api-keys')).set(owner).send({ name: 'deploy bot' });
    expect(key.status).toBe(201);
    const byKey = await t.http.get(api('/members')).set('x-api-key', key.body.key);
    expect(byKey.status).toBe(200);

    const role = await t.http
      .post(api('/roles'))
      .set(owner)
      .send({ name: 'Security delegate', permissions: ['security_configuration.manage'] });
    expect(role.status).toBe(201);

    const invitation = await t.http
      .post(api('/invitations'))
      .set(owner)
      .send({ email: 'sec@acme.test', roleId: role.body.id });
    expect(invitation.status).toBe(201);
    const accepted = await t.http
      .post('/auth/invitations/accept')
      .send({ token: invitation.body.acceptToken });
    expect(accepted.status).toBe(201);

    // The delegate manages security configuration without being an owner (DESIGN, Role).
    const delegate = await signIn(t, org.id, accepted.body.member.id);
    const delegated = await t.http
      .post(api('/scim-connections'))
      .set(delegate.headers)
      .send({ name: 'Delegated' });
    expect(delegated.status).toBe(201);
    await t.http.put(api('/settings/billing')).set(delegate.headers).send({}).expect(403);

    const connection = await t.http
      .post(api('/scim-connections'))
      .set(owner)
      .send({ name: 'Okta' });
    expect(connection.status).toBe(201);
    const rotated = await t.http
      .post(api(`/scim-connections/${connection.body.connectionId}/rotate`))
      .set(owner)
      .send({ overlapMinutes: 30 });
    expect(rotated.status).toBe(200);
    for (const token of [connection.body.token, rotated.body.token]) {
      await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${token}`).expect(200);
    }

    const trail = await t.http.get(api('/audit-events?limit=200')).set(owner);
    expect(trail.status).toBe(200);
    const actions = trail.body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organization.created',
        'auth.break_glass.used',
        'organization.api_key.created',
        'organization.role.created',
        'organization.invitation.created',
        'organization.invitation.accepted',
        'organization.scim.connection_created',
        'organization.scim.token_rotated',
      ]),
    );

    await expect(auditVerify(cli, { org: 'acme' })).resolves.toBe(true);
    expect(cliResults.pop()).toMatchObject({ ok: true, events: expect.any(Number) });

    const alerts = t.logLines.filter((line) => line.includes('"security alert"'));
    expect(alerts.join('\n')).toContain('auth.break_glass.used');
    expect(alerts.join('\n')).toContain('organization.role.created');
    for (const secret of [org.owner.password, key.body.key, rotated.body.token]) {
      expect(t.logLines.join('\n')).not.toContain(secret);
    }
  });
});
