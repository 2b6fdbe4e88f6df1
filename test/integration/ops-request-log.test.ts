import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { userBody } from '../support/scim-bodies.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'logs');
});
afterAll(() => t.close());

/** The request lines pino-http wrote for one request id. */
function linesOf(requestId: string): Record<string, unknown>[] {
  return t.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => (line.req as { id?: string } | undefined)?.id === requestId)
    .filter((line) => (line.res as { statusCode?: number } | undefined)?.statusCode);
}

describe('one log line per request', () => {
  it('names the request id, organization, route template, status and duration', async () => {
    await scimClient(t, org.token)
      .post('/Users', userBody('ann@logs.test'))
      .set('x-request-id', 'log-test-1')
      .expect(201);

    const lines = linesOf('log-test-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      orgId: org.id,
      route: '/scim/v2/Users',
      req: { id: 'log-test-1', method: 'POST', url: '/scim/v2/Users' },
      res: { statusCode: 201 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines[0])).not.toContain(org.token.split('_').pop());
  });

  it('an admin call logs its route template and organization, not its query', async () => {
    const owner = await createMember(t, org.id, 'owner@logs.test', 'owner');
    const { headers } = await signIn(t, org.id, owner);
    await t.http
      .get(`/api/v1/orgs/${org.id}/members/${owner}?secret=q`)
      .set(headers)
      .set('x-request-id', 'log-test-2')
      .expect(200);

    const [line] = linesOf('log-test-2');
    expect(line).toMatchObject({
      orgId: org.id,
      route: '/api/v1/orgs/:orgId/members/:memberId',
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(line)).not.toMatch(/secret=q|tessera_session/);
  });

  it('an unknown path is logged as unmatched, with no organization', async () => {
    await t.http.get('/wp-admin/setup.php').set('x-request-id', 'log-test-3').expect(404);
    const [line] = linesOf('log-test-3');
    expect(line).toMatchObject({ route: 'unmatched', res: { statusCode: 404 } });
    expect(line).not.toHaveProperty('orgId');
  });
});
