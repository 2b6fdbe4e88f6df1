import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { BUILTIN_PERMISSIONS } from '../../src/access/permissions.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/**
 * DESIGN rule 9 at the moment an invitation is used: a pending invitation is a grant the inviter
 * made, so it holds only while the inviter is still an active member holding every permission of
 * the role. Otherwise accepting is refused (409 `invitation_no_longer_valid`) and the invitation
 * is canceled, audited.
 */
let t: TestApp;
let org: TestOrg;
let ownerId: string;

const api = (suffix: string) => `/api/v1/orgs/${org.id}${suffix}`;
const freshAs = async (memberId: string) => (await signIn(t, org.id, memberId)).headers;
const accept = (token: string) => t.http.post('/auth/invitations/accept').send({ token });

async function roleId(name: string): Promise<string> {
  const [row] = await t.db.query('SELECT id FROM roles WHERE org_id = $1 AND name = $2', [
    org.id,
    name,
  ]);
  return row.id;
}

async function invite(inviter: string, email: string, role: string) {
  const res = await t.http
    .post(api('/invitations'))
    .set(await freshAs(inviter))
    .send({ email, roleId: role });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, token: res.body.acceptToken as string, email };
}

/** Accepting is refused, nobody joins, and the invitation is canceled with an audit event. */
async function expectRefusedAndCanceled(invitation: Awaited<ReturnType<typeof invite>>) {
  const res = await accept(invitation.token);
  expect(res.status).toBe(409);
  expect(res.body.error).toBe('invitation_no_longer_valid');

  const joined = await t.db.query('SELECT id FROM members WHERE org_id = $1 AND user_name = $2', [
    org.id,
    invitation.email,
  ]);
  expect(joined).toEqual([]);
  const [row] = await t.db.query('SELECT status FROM invitations WHERE id = $1', [invitation.id]);
  expect(row.status).toBe('canceled');
  const [event] = await t.db.query(
    `SELECT actor_type, payload FROM audit_events
      WHERE target_id = $1 AND action = 'organization.invitation.canceled'`,
    [invitation.id],
  );
  expect(event.actor_type).toBe('system');
  expect(event.payload).toMatchObject({
    email: invitation.email,
    reason: 'inviter_no_longer_qualified',
  });
  expect(t.logLines.join('')).toContain('"alert":"organization.invitation.canceled"');

  const again = await accept(invitation.token);
  expect(again.status).toBe(400);
  expect(again.body.error).toBe('invitation_canceled');
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'inviter-standing');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
});
afterAll(() => t.close());

describe('accepting re-checks the inviter (rule 9)', () => {
  it('an admin invites into admin, is demoted, and the invitation is refused', async () => {
    const inviter = await createMember(t, org.id, 'demoted@example.com', 'admin');
    const invitation = await invite(inviter, 'rides-along@example.com', await roleId('admin'));
    const demoted = await t.http
      .patch(api(`/members/${inviter}/role`))
      .set(await freshAs(ownerId))
      .send({ roleId: await roleId('member') });
    expect(demoted.status).toBe(200);

    await expectRefusedAndCanceled(invitation);
  });

  it('a refresh by someone who holds the role makes them the inviter, and it stands', async () => {
    const inviter = await createMember(t, org.id, 'leaving@example.com', 'admin');
    const invitation = await invite(inviter, 'renewed@example.com', await roleId('admin'));
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [inviter]);

    const refreshed = await t.http
      .post(api(`/invitations/${invitation.id}/refresh`))
      .set(await freshAs(ownerId));
    expect(refreshed.status).toBe(200);
    const [row] = await t.db.query('SELECT invited_by_member_id FROM invitations WHERE id = $1', [
      invitation.id,
    ]);
    expect(row.invited_by_member_id).toBe(ownerId);
    expect((await accept(refreshed.body.acceptToken)).status).toBe(201);
  });

  it('a suspended inviter no longer backs the invitation', async () => {
    const inviter = await createMember(t, org.id, 'suspended@example.com', 'admin');
    const invitation = await invite(inviter, 'of-suspended@example.com', await roleId('member'));
    await t.db.query("UPDATE members SET status = 'suspended' WHERE id = $1", [inviter]);

    await expectRefusedAndCanceled(invitation);
  });

  it('a role widened beyond the inviter since the invitation is refused', async () => {
    const owner = await freshAs(ownerId);
    const inviterRole = await t.http
      .post(api('/roles'))
      .set(owner)
      .send({ name: 'Recruiter', permissions: ['invitation.create', 'team.create'] });
    const offered = await t.http
      .post(api('/roles'))
      .set(owner)
      .send({ name: 'Team maker', permissions: ['team.create'] });
    const inviter = await createMember(t, org.id, 'recruiter@example.com', 'Recruiter');
    const invitation = await invite(inviter, 'maker@example.com', offered.body.id);
    await t.http
      .patch(api(`/roles/${offered.body.id}`))
      .set(owner)
      .send({ permissions: ['team.create', 'audit.read'] })
      .expect(200);
    expect(inviterRole.status).toBe(201);

    await expectRefusedAndCanceled(invitation);
  });

  it('an inviter who still holds the role’s permissions is honoured', async () => {
    const inviter = await createMember(t, org.id, 'steady@example.com', 'admin');
    const invitation = await invite(inviter, 'welcome@example.com', await roleId('admin'));
    // A role change that takes nothing the invitation needs: admin → a custom copy of admin.
    const [{ id: deputy }] = await t.db.query(
      `INSERT INTO roles (org_id, name, builtin, permissions)
       VALUES ($1, 'Deputy', false, $2) RETURNING id`,
      [org.id, BUILTIN_PERMISSIONS.admin],
    );
    await t.db.query('UPDATE members SET role_id = $2 WHERE id = $1', [inviter, deputy]);

    const res = await accept(invitation.token);
    expect(res.status).toBe(201);
    expect(res.body.member.role.name).toBe('admin');
  });
});
