import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { patchBody, userBody } from '../support/scim-bodies.js';
import { createMember } from '../support/sessions.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
} from '../support/test-app.js';

let t: TestApp;
let scim: ScimClient;
let orgId: string;

beforeAll(async () => {
  t = await startTestApp();
  const org = await createOrgWithScim(t, 'races');
  orgId = org.id;
  scim = scimClient(t, org.token);
});
afterAll(() => t.close());

describe('concurrent writes', () => {
  it('20 simultaneous creates of one userName: one 201, 19 × 409, one row', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        scim.post('/Users', userBody(i % 2 ? 'Racer@Example.com' : 'racer@example.com')),
      ),
    );
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : 0)).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    const [{ n }] = await t.db.query(
      "SELECT count(*)::int AS n FROM members WHERE lower(user_name) = 'racer@example.com'",
    );
    expect(n).toBe(1);
  });

  it('concurrent PATCHes of one member all apply, one after another', async () => {
    const created = await scim.post('/Users', userBody('counter@example.com'));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        scim.patch(
          `/Users/${created.body.id}`,
          patchBody({
            op: 'add',
            path: 'phoneNumbers',
            value: [{ value: `+1555000${i}`, type: 'work' }],
          }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const final = await scim.get(`/Users/${created.body.id}`);
    expect(final.body.phoneNumbers).toHaveLength(10);
    expect(final.headers.etag).toBe('W/"11"');
  });

  it('concurrent membership adds to one group lose none', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push((await scim.post('/Users', userBody(`m${i}@example.com`))).body.id);
    }
    const group = await scim.post('/Groups', { displayName: 'Crowd' });
    await Promise.all(
      ids.map((id) =>
        scim.patch(
          `/Groups/${group.body.id}`,
          patchBody({ op: 'add', path: 'members', value: [{ value: id }] }),
        ),
      ),
    );
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM team_members WHERE team_id = $1',
      [group.body.id],
    );
    expect(n).toBe(10);
  });

  it('deactivating both owners at once keeps one, never a server error (rule 4)', async () => {
    // Each request locks its own member row, then the owners: without care, two of them wait on
    // each other. Five rounds, because a lock-order fault does not show every time.
    for (let round = 0; round < 5; round++) {
      const owners = [
        await createMember(t, orgId, `owner-a${round}@example.com`, 'owner'),
        await createMember(t, orgId, `owner-b${round}@example.com`, 'owner'),
      ];
      const deactivate = patchBody({ op: 'replace', path: 'active', value: false });
      const results = await Promise.all(owners.map((id) => scim.patch(`/Users/${id}`, deactivate)));

      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM members WHERE id = ANY($1::uuid[]) AND status = 'active'`,
        [owners],
      );
      expect(n).toBe(1);
      await t.db.query(`UPDATE members SET status = 'deprovisioned' WHERE id = ANY($1::uuid[])`, [
        owners,
      ]);
    }
  });
});
