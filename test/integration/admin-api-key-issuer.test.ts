import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueApiKey } from '../../src/access/api-keys/issue-api-key.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import { auditActions } from '../support/seed.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type ScimClient,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

/**
 * DESIGN rule 9 applied to API keys, and rule 3 applied to the keys a member handed out: a key
 * for someone else is a way to act as them, so issuing one needs everything they hold, and the
 * keys die with the member who issued them.
 */
let t: TestApp;
let org: TestOrg;
let scim: ScimClient;
let ownerId: string;
let admin1: string;
let sec1: string;
let secOps: string;

const api = (suffix: string) => `/api/v1/orgs/${org.id}${suffix}`;
const freshAs = async (memberId: string) => (await signIn(t, org.id, memberId)).headers;

const mint = async (as: string, body: Record<string, unknown>) =>
  t.http
    .post(api('/api-keys'))
    .set(await freshAs(as))
    .send(body);

async function keyRow(id: string) {
  const [row] = await t.db.query(
    'SELECT issued_by_member_id, revoked_at, revoked_reason FROM api_keys WHERE id = $1',
    [id],
  );
  return row;
}

async function giveRole(memberId: string, roleId: string): Promise<void> {
  await t.db.query('UPDATE members SET role_id = $2 WHERE id = $1', [memberId, roleId]);
}

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'key-issuer');
  scim = scimClient(t, org.token);
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
  admin1 = await createMember(t, org.id, 'admin1@example.com', 'admin');
  [{ id: secOps }] = await t.db.query(
    `INSERT INTO roles (org_id, name, builtin, permissions)
     VALUES ($1, 'SecOps', false, '{security_configuration.manage,member.delete,audit.read}')
     RETURNING id`,
    [org.id],
  );
  sec1 = await createMember(t, org.id, 'sec1@example.com', 'SecOps');
});
afterAll(() => t.close());

describe('rule 9: a key for another member needs everything that member holds', () => {
  it('SecOps cannot remove an admin, and cannot mint a key for them either', async () => {
    const removal = await t.http.delete(api(`/members/${admin1}`)).set(await freshAs(sec1));
    expect(removal.status).toBe(403);
    expect(removal.body.error).toBe('permission_not_held');

    const before = await auditActions(t, org.id);
    const res = await mint(sec1, {
      name: 'x',
      memberId: admin1,
      permissions: ['member.delete'],
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('permission_not_held');
    expect(res.body.message).toContain('organization.update');
    expect(await t.db.query('SELECT id FROM api_keys WHERE member_id = $1', [admin1])).toEqual([]);
    expect(await auditActions(t, org.id)).toEqual(before);

    const [still] = await t.db.query('SELECT status FROM members WHERE id = $1', [admin1]);
    expect(still.status).toBe('active');
  });

  it('SecOps may still mint for itself and for a member it outranks', async () => {
    const plain = await createMember(t, org.id, 'plain@example.com');
    const forPlain = await mint(sec1, { name: 'plain bot', memberId: plain });
    expect(forPlain.status).toBe(201);
    expect(forPlain.body).toMatchObject({ memberId: plain, issuedByMemberId: sec1 });

    const own = await mint(sec1, { name: 'own', permissions: ['audit.read'] });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ memberId: sec1, issuedByMemberId: sec1 });
    expect((await keyRow(own.body.id)).issued_by_member_id).toBe(sec1);
  });

  it('the list shows who issued each key', async () => {
    const minted = await mint(ownerId, { name: 'for admin1', memberId: admin1 });
    expect(minted.status).toBe(201);
    const list = await t.http.get(api('/api-keys?limit=500')).set(await freshAs(ownerId));
    const listed = list.body.data.find((k: { id: string }) => k.id === minted.body.id);
    expect(listed).toMatchObject({ memberId: admin1, issuedByMemberId: ownerId });
  });

  it('a key removes nobody, not even its own member: removal needs a fresh session', async () => {
    const minted = await mint(ownerId, {
      name: 'admin1 remover',
      memberId: admin1,
      permissions: ['member.delete'],
    });
    expect(minted.status).toBe(201);
    const victim = await createMember(t, org.id, 'victim@example.com');
    for (const target of [admin1, victim]) {
      const res = await t.http
        .delete(api(`/members/${target}`))
        .set('Authorization', `Bearer ${minted.body.key}`);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
    }
    const rows = await t.db.query(
      'SELECT status FROM members WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL',
      [[admin1, victim]],
    );
    expect(rows).toEqual([{ status: 'active' }, { status: 'active' }]);
  });
});

describe('rule 3: the keys a member issued for others die with the member', () => {
  /** A SCIM-provisioned member promoted to SecOps, who mints a key for a plain member. */
  async function issuerWithKey(userName: string) {
    const created = await scim.post('/Users', userBody(userName));
    expect(created.status).toBe(201);
    const issuer: string = created.body.id;
    await giveRole(issuer, secOps);
    const holder = await createMember(t, org.id, `held-by-${userName}`);
    const issued = await mint(issuer, { name: `from ${userName}`, memberId: holder });
    expect(issued.status).toBe(201);
    const own = await mint(issuer, { name: `own ${userName}` });
    expect(own.status).toBe(201);
    const byOwner = await mint(ownerId, { name: `untouched ${userName}`, memberId: holder });
    expect(byOwner.status).toBe(201);
    await t.http.get(api('/members')).set('x-api-key', issued.body.key).expect(200);
    return { issuer, issued: issued.body, own: own.body, byOwner: byOwner.body };
  }

  async function expectRevokedWithIssuer(keys: Awaited<ReturnType<typeof issuerWithKey>>) {
    expect(await keyRow(keys.issued.id)).toMatchObject({ revoked_reason: 'issuer_deprovisioned' });
    expect((await keyRow(keys.issued.id)).revoked_at).not.toBeNull();
    expect(await keyRow(keys.own.id)).toMatchObject({ revoked_reason: 'member_deprovisioned' });
    expect(await keyRow(keys.byOwner.id)).toMatchObject({ revoked_at: null });
    await t.http.get(api('/members')).set('x-api-key', keys.issued.key).expect(401);
    await t.http.get(api('/members')).set('x-api-key', keys.byOwner.key).expect(200);

    expect(await auditActions(t, org.id, keys.issued.id)).toEqual([
      'organization.api_key.created',
      'organization.api_key.revoked',
    ]);
    const [event] = await t.db.query(
      `SELECT payload FROM audit_events
        WHERE target_id = $1 AND action = 'organization.api_key.revoked'`,
      [keys.issued.id],
    );
    expect(event.payload).toMatchObject({
      reason: 'issuer_deprovisioned',
      memberId: keys.issued.memberId,
      issuedByMemberId: keys.issuer,
    });
    const [deprovisioned] = await t.db.query(
      `SELECT payload FROM audit_events
        WHERE target_id = $1 AND action = 'organization.member.deprovisioned'`,
      [keys.issuer],
    );
    expect(deprovisioned.payload).toMatchObject({ apiKeysRevoked: 1, issuedKeysRevoked: 1 });
  }

  it('SCIM active=false revokes them as issuer_deprovisioned, audited', async () => {
    const keys = await issuerWithKey('scim-issuer@example.com');
    const res = await scim.patch(
      `/Users/${keys.issuer}`,
      patchBody({ op: 'replace', path: 'active', value: false }),
    );
    expect(res.status).toBe(200);
    await expectRevokedWithIssuer(keys);
  });

  it('admin removal revokes them the same way', async () => {
    const keys = await issuerWithKey('removed-issuer@example.com');
    const res = await t.http.delete(api(`/members/${keys.issuer}`)).set(await freshAs(ownerId));
    expect(res.status).toBe(204);
    await expectRevokedWithIssuer(keys);
  });
});

describe('rule 9 at every use: a key holds nothing its issuer no longer holds', () => {
  it('an issuer demoted after minting: the key loses what they lost', async () => {
    const issuer = await createMember(t, org.id, 'demoted-issuer@example.com', 'SecOps');
    const target = await createMember(t, org.id, 'target-of-demoted@example.com', 'SecOps');
    const minted = await mint(issuer, { name: 'k', memberId: target, permissions: ['audit.read'] });
    expect(minted.status).toBe(201);
    const key = { 'x-api-key': minted.body.key };
    await t.http.get(api('/audit-events')).set(key).expect(200);

    const [memberRole] = await t.db.query(
      `SELECT id FROM roles WHERE org_id = $1 AND builtin AND name = 'member'`,
      [org.id],
    );
    await giveRole(issuer, memberRole.id);
    const after = await t.http.get(api('/audit-events')).set(key);
    expect(after.status).toBe(403);
    const session = await t.http.get('/auth/session').set(key);
    expect(session.body.permissions).toEqual([]);
  });

  it('an issuer who left: a key that escaped revocation still acts with nothing', async () => {
    const issuer = await createMember(t, org.id, 'gone-issuer@example.com', 'SecOps');
    const target = await createMember(t, org.id, 'target-of-gone@example.com', 'SecOps');
    const minted = await mint(issuer, { name: 'k', memberId: target, permissions: ['audit.read'] });
    // As if the key had been committed just after the issuer's deprovisioning revoked the rest.
    await t.db.query(`UPDATE members SET status = 'deprovisioned' WHERE id = $1`, [issuer]);
    const res = await t.http.get(api('/audit-events')).set('x-api-key', minted.body.key);
    expect(res.status).toBe(403);
  });

  it('the issuer is re-read under lock: one who has left mints nothing', async () => {
    // The request's principal was resolved before the issuer's removal committed; issuing
    // trusts the locked row, not that principal.
    const issuer = await createMember(t, org.id, 'leaving-issuer@example.com', 'SecOps');
    const target = await createMember(t, org.id, 'target-of-leaving@example.com', 'SecOps');
    await t.db.query(`UPDATE members SET status = 'deprovisioned' WHERE id = $1`, [issuer]);
    const issuing = t.db.transaction((manager) =>
      issueApiKey(manager, t.keyring, {
        orgId: org.id,
        name: 'k',
        memberId: target,
        issuerMemberId: issuer,
        issuerPermissions: new Set(['security_configuration.manage', 'audit.read'] as const),
        expiresInDays: 30,
        actor: { type: 'member', id: issuer },
        at: t.clock.now(),
      }),
    );
    await expect(issuing).rejects.toMatchObject({ code: 'issuer_not_active' });
    expect(await t.db.query('SELECT id FROM api_keys WHERE member_id = $1', [target])).toEqual([]);
  });
});
