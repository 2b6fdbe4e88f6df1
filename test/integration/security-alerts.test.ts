import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import { patchBody } from '../support/scim-bodies.js';
import { createOrgWithScim, scimClient, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * DESIGN rule 6: each alert-worthy change writes one warning line for alerting, after it
 * commits. The line belongs to the change that committed, whatever request id the client sent.
 */
let t: TestApp;
let orgId: string;
let scimToken: string;
let owner: Record<string, string>;

const alertLines = (action: string) =>
  t.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === 'security alert' && line.alert === action);

beforeAll(async () => {
  t = await startTestApp();
  const org = await createOrgWithScim(t, 'alerts');
  orgId = org.id;
  scimToken = org.token;
  owner = (await signIn(t, orgId, await createMember(t, orgId, 'o@example.com', 'owner'))).headers;
});
afterAll(() => t.close());

describe('security alert lines', () => {
  it('one line per committed change, naming the action, actor and target', async () => {
    const res = await t.http
      .post(`/api/v1/orgs/${orgId}/roles`)
      .set(owner)
      .send({ name: 'Auditors', permissions: ['audit.read'] });
    expect(res.status).toBe(201);
    const [line, ...more] = alertLines('organization.role.created');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 40, orgId, targetId: res.body.id });
  });

  it('a reused client request id does not replay an earlier change’s alert', async () => {
    const send = (name: string) =>
      t.http
        .post(`/api/v1/orgs/${orgId}/roles`)
        .set(owner)
        .set('x-request-id', 'chosen-by-client')
        .send({ name, permissions: [] });
    await send('First').expect(201);
    await send('Second').expect(201);

    const lines = alertLines('organization.role.created').filter(
      (line) => line.requestId === 'chosen-by-client',
    );
    expect(lines).toHaveLength(2);
  });

  it('a refused change writes no alert', async () => {
    const before = t.logLines.length;
    await t.http
      .post(`/api/v1/orgs/${orgId}/roles`)
      .set(owner)
      .send({ name: 'Bad', permissions: ['no.such'] })
      .expect(400);
    expect(t.logLines.slice(before).join('')).not.toContain('security alert');
  });

  it('a SCIM deprovisioning alerts on what it revoked, like an admin removal', async () => {
    const adminId = await createMember(t, orgId, 'leaver@example.com', 'admin');
    const admin = (await signIn(t, orgId, adminId)).headers;
    const [member] = await t.db.query(
      `SELECT id FROM roles WHERE org_id = $1 AND builtin AND name = 'member'`,
      [orgId],
    );
    const invited = await t.http
      .post(`/api/v1/orgs/${orgId}/invitations`)
      .set(admin)
      .send({ email: 'pending@example.com', roleId: member.id });
    expect(invited.status).toBe(201);

    await scimClient(t, scimToken)
      .patch(`/Users/${adminId}`, patchBody({ op: 'replace', path: 'active', value: false }))
      .expect(200);
    const canceled = alertLines('organization.invitation.canceled');
    expect(canceled.map((line) => line.targetId)).toContain(invited.body.id);
  });
});
