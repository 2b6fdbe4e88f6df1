import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  addBreakGlassOwner,
  BreakGlassDriver,
  type BreakGlassOwner,
} from '../support/break-glass.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
} from '../support/test-app.js';

/**
 * DESIGN rule 4: the break-glass owner is the way in when the IdP is broken or hostile, so a
 * SCIM token (the IdP's credential) may see that member but never rename, deactivate or delete
 * them, even while another owner remains.
 */
let t: TestApp;
let scim: ScimClient;
let owner: BreakGlassOwner;

beforeAll(async () => {
  t = await startTestApp();
  const org = await createOrgWithScim(t, 'hostile-idp');
  scim = scimClient(t, org.token);
  owner = await addBreakGlassOwner(t, org, 'root@hostile.test');
  // A second owner, so the last-owner rule is not what protects the break-glass owner here.
  await t.db.query(
    `INSERT INTO members (org_id, role_id, status, source, user_name)
     SELECT $1, id, 'active', 'bootstrap', 'second@hostile.test' FROM roles
      WHERE org_id = $1 AND name = 'owner'`,
    [org.id],
  );
});
afterAll(() => t.close());

describe('a SCIM token and the break-glass owner', () => {
  it('reads them, but every write is 403 and changes nothing', async () => {
    const before = await scim.get(`/Users/${owner.memberId}`);
    expect(before.status).toBe(200);

    const attempts = [
      scim.put(`/Users/${owner.memberId}`, userBody('attacker@evil.example')),
      scim.patch(
        `/Users/${owner.memberId}`,
        patchBody({ op: 'replace', path: 'active', value: false }),
      ),
      scim.patch(
        `/Users/${owner.memberId}`,
        patchBody({ op: 'replace', path: 'userName', value: 'attacker@evil.example' }),
      ),
      scim.delete(`/Users/${owner.memberId}`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/break-glass owner/);
    }

    const after = await scim.get(`/Users/${owner.memberId}`);
    expect(after.body).toEqual(before.body);
    const signIn = await new BreakGlassDriver(t).signIn(owner, '198.18.0.1');
    expect(signIn.status).toBe(200);
  });
});
