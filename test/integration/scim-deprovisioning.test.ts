import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { patchBody, userBody } from '../support/scim-bodies.js';
import { auditActions, credentialState, seedCredentials } from '../support/seed.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;
let scim: ScimClient;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'deprov-org');
  scim = scimClient(t, org.token);
  await scim.post('/Users', userBody('colleague@example.com')).expect(201);
});
afterAll(() => t.close());

async function memberWithCredentials(userName: string) {
  const created = await scim.post('/Users', userBody(userName));
  expect(created.status).toBe(201);
  const seeded = await seedCredentials(t, org.id, created.body.id, userName);
  return { id: created.body.id as string, seeded };
}

describe('DESIGN rule 3: deprovisioning revokes everything, in one transaction', () => {
  it('active=false drops sessions, revokes keys, cancels invitations, audits', async () => {
    const { id, seeded } = await memberWithCredentials('leaver@example.com');

    const res = await scim.patch(
      `/Users/${id}`,
      patchBody({ op: 'replace', path: 'active', value: false }),
    );

    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await credentialState(t, seeded)).toEqual({
      sessionExists: false,
      keyRevoked: true,
      keyReason: 'member_deprovisioned',
      invitationStatuses: ['canceled', 'canceled'],
    });
    const [member] = await t.db.query('SELECT status FROM members WHERE id = $1', [id]);
    expect(member.status).toBe('deprovisioned');
    expect(await auditActions(t, org.id, id)).toContain('organization.member.deprovisioned');
    expect(await auditActions(t, org.id, seeded.apiKeyId)).toEqual([
      'organization.api_key.revoked',
    ]);
    const [event] = await t.db.query(
      `SELECT actor_type, actor_id, payload FROM audit_events
        WHERE target_id = $1 AND action = 'organization.member.deprovisioned'`,
      [id],
    );
    expect(event).toMatchObject({ actor_type: 'scim_connection', actor_id: org.connectionId });
    expect(event.payload).toMatchObject({
      sessionsRevoked: 1,
      apiKeysRevoked: 1,
      invitationsCanceled: 2,
    });
  });

  it('DELETE deprovisions the same way and then removes the resource', async () => {
    const { id, seeded } = await memberWithCredentials('deleted@example.com');

    await scim.delete(`/Users/${id}`).expect(204);

    const state = await credentialState(t, seeded);
    expect(state).toMatchObject({ sessionExists: false, keyRevoked: true });
    expect(await auditActions(t, org.id, id)).toEqual([
      'organization.member.provisioned',
      'organization.member.deprovisioned',
      'organization.member.deleted',
    ]);
  });

  it('repeating active=false revokes nothing twice and writes no second event', async () => {
    const { id } = await memberWithCredentials('twice@example.com');
    const off = patchBody({ op: 'replace', path: 'active', value: false });
    await scim.patch(`/Users/${id}`, off).expect(200);
    await scim.patch(`/Users/${id}`, off).expect(200);

    const actions = await auditActions(t, org.id, id);
    expect(actions.filter((a) => a === 'organization.member.deprovisioned')).toHaveLength(1);
  });

  it('reactivation restores membership but not the revoked keys', async () => {
    const { id, seeded } = await memberWithCredentials('returner@example.com');
    await scim.patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'active', value: false }));

    const res = await scim.patch(
      `/Users/${id}`,
      patchBody({ op: 'replace', path: 'active', value: true }),
    );

    expect(res.body.active).toBe(true);
    const [member] = await t.db.query('SELECT status FROM members WHERE id = $1', [id]);
    expect(member.status).toBe('active');
    expect((await credentialState(t, seeded)).keyRevoked).toBe(true);
    expect(await auditActions(t, org.id, id)).toContain('organization.member.reactivated');
  });

  it('a fault after the first write leaves member and credentials untouched', async () => {
    const { id, seeded } = await memberWithCredentials('crash@example.com');
    // A real fault inside the transaction: the API-key revocation step fails in the database
    // after the sessions were already deleted in the same transaction.
    await t.db.query(`CREATE FUNCTION fail_key_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await t.db.query(`CREATE TRIGGER inject_fault BEFORE UPDATE ON api_keys
      FOR EACH ROW EXECUTE FUNCTION fail_key_revocation()`);
    const eventsBefore = await auditActions(t, org.id);

    try {
      const res = await scim.patch(
        `/Users/${id}`,
        patchBody({ op: 'replace', path: 'active', value: false }),
      );
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '500',
        detail: 'server_error',
      });
    } finally {
      await t.db.query('DROP TRIGGER inject_fault ON api_keys');
      await t.db.query('DROP FUNCTION fail_key_revocation');
    }

    expect(await credentialState(t, seeded)).toEqual({
      sessionExists: true,
      keyRevoked: false,
      keyReason: null,
      invitationStatuses: ['pending', 'pending'],
    });
    const [member] = await t.db.query('SELECT status, version FROM members WHERE id = $1', [id]);
    expect(member).toEqual({ status: 'active', version: 1 });
    expect(await auditActions(t, org.id)).toEqual(eventsBefore);
  });
});

describe('DESIGN rule 4: SCIM never deprovisions the last owner', () => {
  it('refuses with 400 mutability, keeps the owner active, and audits the refusal', async () => {
    const created = await scim.post('/Users', userBody('owner@example.com'));
    const id = created.body.id;
    await t.db.query(
      `UPDATE members SET role_id = (SELECT id FROM roles WHERE org_id = $1 AND name = 'owner')
        WHERE id = $2`,
      [org.id, id],
    );

    const res = await scim.patch(
      `/Users/${id}`,
      patchBody({ op: 'replace', path: 'active', value: false }),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('mutability');
    expect(res.body.detail).toMatch(/last owner/);
    await scim.delete(`/Users/${id}`).expect(400);

    const [member] = await t.db.query('SELECT status, deleted_at FROM members WHERE id = $1', [id]);
    expect(member).toEqual({ status: 'active', deleted_at: null });
    const refusals = (await auditActions(t, org.id)).filter(
      (a) => a === 'organization.member.deprovision_refused',
    );
    expect(refusals).toHaveLength(2);
    const targets = await t.db.query(
      `SELECT target_type, target_id FROM audit_events
        WHERE org_id = $1 AND action = 'organization.member.deprovision_refused'`,
      [org.id],
    );
    expect(targets).toEqual([
      { target_type: 'member', target_id: id },
      { target_type: 'member', target_id: id },
    ]);
  });

  it('allows it once another active owner exists', async () => {
    const second = await scim.post('/Users', userBody('second-owner@example.com'));
    await t.db.query(
      `UPDATE members SET role_id = (SELECT id FROM roles WHERE org_id = $1 AND name = 'owner')
        WHERE id = $2`,
      [org.id, second.body.id],
    );
    const res = await scim.patch(
      `/Users/${second.body.id}`,
      patchBody({ op: 'replace', path: 'active', value: false }),
    );
    expect(res.status).toBe(200);
  });
});
