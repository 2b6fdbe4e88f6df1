import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
let org: TestOrg;
let owner: { id: string; headers: Record<string, string> };
let admin: { id: string; headers: Record<string, string> };
let memberRole: string;
let securityRole: string;

async function person(userName: string, role = 'member') {
  const id = await createMember(t, org.id, userName, role);
  return { id, headers: (await signIn(t, org.id, id)).headers as Record<string, string> };
}

const base = () => `/api/v1/orgs/${org.id}/invitations`;
const invite = (headers: Record<string, string>, email: string, roleId = memberRole) =>
  t.http.post(base()).set(headers).send({ email, roleId });
const accept = (token: unknown) => t.http.post('/auth/invitations/accept').send({ token });

async function lastEvent(action: string, targetId: string) {
  const [row] = await t.db.query(
    `SELECT actor_type, actor_id, payload FROM audit_events
      WHERE org_id = $1 AND action = $2 AND target_id = $3 ORDER BY seq DESC LIMIT 1`,
    [org.id, action, targetId],
  );
  return row;
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'invites');
  owner = await person('owner@example.com', 'owner');
  admin = await person('admin@example.com', 'admin');
  [{ id: memberRole }] = await t.db.query(
    "SELECT id FROM roles WHERE org_id = $1 AND name = 'member'",
    [org.id],
  );
  [{ id: securityRole }] = await t.db.query(
    `INSERT INTO roles (org_id, name, builtin, permissions)
     VALUES ($1, 'Security', false, '{security_configuration.manage}') RETURNING id`,
    [org.id],
  );
});
afterAll(() => t.close());

describe('POST /invitations', () => {
  it('invites for seven days and shows the token once; only its keyed hash is kept', async () => {
    const res = await invite(admin.headers, 'Newcomer@Example.com');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: 'Newcomer@Example.com',
      role: { id: memberRole, name: 'member' },
      invitedBy: { id: admin.id, userName: 'admin@example.com' },
      status: 'pending',
      expiresAt: new Date(t.clock.now().getTime() + 7 * DAY_MS).toISOString(),
    });
    const token: string = res.body.acceptToken;
    expect(token).toMatch(new RegExp(`^tsi_${res.body.id}_[0-9a-f]{64}$`));

    const secret = token.split('_')[2]!;
    const [row] = await t.db.query('SELECT token_hash FROM invitations WHERE id = $1', [
      res.body.id,
    ]);
    expect(row.token_hash).toMatch(/^test1:/);
    expect(row.token_hash).not.toContain(secret);
    const event = await lastEvent('organization.invitation.created', res.body.id);
    expect(event.payload).toMatchObject({ email: 'Newcomer@Example.com', role: 'member' });
    expect(JSON.stringify(event.payload)).not.toContain(secret);
    expect(t.logLines.join('')).not.toContain(secret);
    expect(t.logLines.join('')).toContain('"alert":"organization.invitation.created"');

    const listed = await t.http.get(base()).set(admin.headers);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('never invites into owner, nor into a role beyond the inviter (rule 9)', async () => {
    const [{ id: ownerRole }] = await t.db.query(
      "SELECT id FROM roles WHERE org_id = $1 AND name = 'owner'",
      [org.id],
    );
    const asOwner = await invite(owner.headers, 'boss@example.com', ownerRole);
    expect(asOwner.status).toBe(403);
    expect(asOwner.body.error).toBe('owner_not_grantable');

    const escalation = await invite(admin.headers, 'sec@example.com', securityRole);
    expect(escalation.status).toBe(403);
    expect(escalation.body.error).toBe('permission_not_held');
    expect(escalation.body.message).toContain('security_configuration.manage');
    await invite(owner.headers, 'sec@example.com', securityRole).expect(201);
  });

  it('needs invitation.create', async () => {
    const plain = await person('plain@example.com');
    const res = await invite(plain.headers, 'friend@example.com');
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    await t.http.get(base()).set(plain.headers).expect(403);
  });

  it('refuses members, deactivated members and a second pending invitation: 409', async () => {
    const member = await invite(owner.headers, 'ADMIN@example.com');
    expect(member.status).toBe(409);
    expect(member.body.error).toBe('already_member');

    const dormant = await person('dormant@example.com');
    await t.db.query("UPDATE members SET status = 'deprovisioned' WHERE id = $1", [dormant.id]);
    expect((await invite(owner.headers, 'dormant@example.com')).body.error).toBe('already_member');

    await invite(owner.headers, 'twice@example.com').expect(201);
    const again = await invite(admin.headers, 'Twice@example.com');
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_invited');
  });

  it('honours the organization’s email-domain allowlist when one is set', async () => {
    await t.db.query(
      `UPDATE organizations SET settings = jsonb_set(settings, '{general}',
         '{"allowedEmailDomains": ["corp.example", "partner.example"]}')
        WHERE id = $1`,
      [org.id],
    );
    try {
      const outside = await invite(owner.headers, 'someone@gmail.example');
      expect(outside.status).toBe(400);
      expect(outside.body.error).toBe('email_domain_not_allowed');
      const sub = await invite(owner.headers, 'someone@eu.corp.example');
      expect(sub.body.error).toBe('email_domain_not_allowed');
      await invite(owner.headers, 'someone@Corp.Example').expect(201);
    } finally {
      await t.db.query(`UPDATE organizations SET settings = '{}'::jsonb WHERE id = $1`, [org.id]);
    }
  });

  it('validates the body: 400 invalid_request naming the field; unknown role is 404', async () => {
    const bad = await invite(owner.headers, 'not-an-address');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_request' });
    expect(bad.body.message).toMatch(/^email/);
    const noRole = await t.http.post(base()).set(owner.headers).send({ email: 'a@example.com' });
    expect(noRole.body.message).toMatch(/^roleId/);
    const unknown = await invite(owner.headers, 'a@example.com', 'f'.repeat(8));
    expect(unknown.status).toBe(404);
  });
});

describe('GET /invitations', () => {
  it('filters by status, expired included', async () => {
    const res = await invite(owner.headers, 'listed@example.com');
    const statuses = async (status: string) => {
      const list = await t.http.get(`${base()}?status=${status}`).set(admin.headers);
      expect(list.status).toBe(200);
      return list.body.data.map((i: { id: string }) => i.id);
    };
    expect(await statuses('pending')).toContain(res.body.id);
    expect(await statuses('expired')).not.toContain(res.body.id);
    const bad = await t.http.get(`${base()}?status=lost`).set(admin.headers);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^status/);
  });
});

describe('POST /invitations/{id}/refresh', () => {
  it('issues a new token and expiry; the old token stops working', async () => {
    const created = await invite(owner.headers, 'refresh@example.com');
    t.clock.advance(60_000);
    const res = await t.http.post(`${base()}/${created.body.id}/refresh`).set(owner.headers);
    expect(res.status).toBe(200);
    expect(res.body.acceptToken).not.toBe(created.body.acceptToken);
    expect(res.body.expiresAt).toBe(new Date(t.clock.now().getTime() + 7 * DAY_MS).toISOString());
    expect((await lastEvent('organization.invitation.refreshed', res.body.id)).actor_id).toBe(
      owner.id,
    );

    const old = await accept(created.body.acceptToken);
    expect(old.status).toBe(404);
    expect(old.body.error).toBe('invitation_not_found');
    await accept(res.body.acceptToken).expect(201);
  });

  it('checks the role again, against the member refreshing it (rule 9)', async () => {
    const created = await invite(owner.headers, 'sec2@example.com', securityRole);
    const res = await t.http.post(`${base()}/${created.body.id}/refresh`).set(admin.headers);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('permission_not_held');
  });

  it('a settled invitation is 409; an unknown id is 404', async () => {
    const created = await invite(owner.headers, 'settled@example.com');
    await t.http.delete(`${base()}/${created.body.id}`).set(owner.headers).expect(204);
    const res = await t.http.post(`${base()}/${created.body.id}/refresh`).set(owner.headers);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('invitation_not_pending');
    await t.http.post(`${base()}/zzz/refresh`).set(owner.headers).expect(404);
  });
});

describe('DELETE /invitations/{id}', () => {
  it('cancels: audited, and the token is refused afterwards', async () => {
    const created = await invite(admin.headers, 'withdrawn@example.com');
    await t.http.delete(`${base()}/${created.body.id}`).set(admin.headers).expect(204);
    const event = await lastEvent('organization.invitation.canceled', created.body.id);
    expect(event.payload).toMatchObject({ email: 'withdrawn@example.com' });

    const res = await accept(created.body.acceptToken);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invitation_canceled');
    const again = await t.http.delete(`${base()}/${created.body.id}`).set(admin.headers);
    expect(again.status).toBe(409);
  });

  it('needs invitation.cancel', async () => {
    const created = await invite(owner.headers, 'kept@example.com');
    await t.db.query(
      `INSERT INTO roles (org_id, name, builtin, permissions)
       VALUES ($1, 'Inviter', false, '{invitation.create}')`,
      [org.id],
    );
    const inviter = await person('inviter@example.com', 'Inviter');
    const res = await t.http.delete(`${base()}/${created.body.id}`).set(inviter.headers);
    expect(res.status).toBe(403);
  });
});

describe('POST /auth/invitations/accept', () => {
  it('creates the member with the invitation’s role, in one audited step', async () => {
    const created = await invite(owner.headers, 'joiner@example.com', securityRole);
    const res = await accept(created.body.acceptToken);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      member: {
        userName: 'joiner@example.com',
        email: 'joiner@example.com',
        role: { id: securityRole, name: 'Security' },
        source: 'invitation',
        status: 'active',
      },
      organization: { id: org.id, slug: 'invites' },
    });
    const [row] = await t.db.query('SELECT status FROM invitations WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.status).toBe('accepted');
    const event = await lastEvent('organization.invitation.accepted', created.body.id);
    expect(event).toMatchObject({ actor_type: 'member', actor_id: res.body.member.id });

    const twice = await accept(created.body.acceptToken);
    expect(twice.status).toBe(400);
    expect(twice.body.error).toBe('invitation_accepted');
  });

  it('two simultaneous accepts of one token make one member', async () => {
    const created = await invite(owner.headers, 'racer@example.com');
    const results = await Promise.allSettled([1, 2].map(() => accept(created.body.acceptToken)));
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : 0));
    expect(statuses.sort()).toEqual([201, 400]);
    const rows = await t.db.query(
      "SELECT id FROM members WHERE org_id = $1 AND user_name = 'racer@example.com'",
      [org.id],
    );
    expect(rows).toHaveLength(1);
  });

  it('an unknown, malformed or wrong-secret token is 404; a missing one is 400', async () => {
    const created = await invite(owner.headers, 'guessed@example.com');
    const wrongSecret = `tsi_${created.body.id}_${'0'.repeat(64)}`;
    for (const token of [wrongSecret, 'tsi_nonsense', `tsi_${'1'.repeat(8)}`]) {
      const res = await accept(token);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('invitation_not_found');
    }
    const missing = await t.http.post('/auth/invitations/accept').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  it('an address that became a member meanwhile is 409', async () => {
    const created = await invite(owner.headers, 'early@example.com');
    await createMember(t, org.id, 'early@example.com');
    const res = await accept(created.body.acceptToken);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('already_member');
  });

  it('expires after seven days; a refresh brings it back', async () => {
    const created = await invite(owner.headers, 'slow@example.com');
    t.clock.advance(7 * DAY_MS);
    const res = await accept(created.body.acceptToken);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invitation_expired');

    const fresh = (await signIn(t, org.id, owner.id)).headers;
    const expired = await t.http.get(`${base()}?status=expired`).set(fresh);
    expect(expired.body.data.map((i: { id: string }) => i.id)).toContain(created.body.id);
    const refreshed = await t.http.post(`${base()}/${created.body.id}/refresh`).set(fresh);
    expect(refreshed.status).toBe(200);
    await accept(refreshed.body.acceptToken).expect(201);
  });
});
