import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * DESIGN rule 6: each alert-worthy change writes one warning line for alerting, after it
 * commits. The line belongs to the change that committed, whatever request id the client sent.
 */
let t: TestApp;
let orgId: string;
let owner: Record<string, string>;

const alertLines = (action: string) =>
  t.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === 'security alert' && line.alert === action);

beforeAll(async () => {
  t = await startTestApp();
  orgId = (await createOrgWithScim(t, 'alerts')).id;
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
});
