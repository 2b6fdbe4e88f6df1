import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { rotateScimToken } from '../../src/scim/connections/rotate-scim-token.js';
import { userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let acme: TestOrg;
let globex: TestOrg;

beforeAll(async () => {
  t = await startTestApp();
  acme = await createOrgWithScim(t, 'acme');
  globex = await createOrgWithScim(t, 'globex');
});
afterAll(() => t.close());

function rotate(org: TestOrg, overlapMs?: number) {
  return t.db.transaction((manager) =>
    rotateScimToken(manager, t.keyring, {
      orgId: org.id,
      connectionId: org.connectionId,
      overlapMs,
      actor: { type: 'operator', id: 'test' },
      at: t.clock.now(),
    }),
  );
}

describe('RFC 6750 bearer tokens on the SCIM surface', () => {
  const cases: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['a Basic credential', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['a token of the wrong shape', { Authorization: 'Bearer not-a-token' }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ];

  it.each(cases)(
    'refuses %s with 401, a SCIM error body and WWW-Authenticate',
    async (_, headers) => {
      const res = await t.http.get('/scim/v2/Users').set(headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="scim"/);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({ status: '401' });
    },
  );

  it('refuses a well-formed token whose secret is wrong, exactly like an unknown one', async () => {
    const [prefix, id] = acme.token.split('_');
    const forged = `${prefix}_${id}_${'0'.repeat(64)}`;
    const unknown = `${prefix}_00000000-0000-4000-8000-000000000000_${'0'.repeat(64)}`;

    const a = await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${forged}`);
    const b = await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${unknown}`);
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.headers['www-authenticate']).toBe(b.headers['www-authenticate']);
  });

  it('stores no token in the clear', async () => {
    const rows = await t.db.query('SELECT secret_hash FROM scim_tokens');
    const secret = acme.token.split('_')[2]!;
    for (const row of rows) expect(row.secret_hash).not.toContain(secret);
  });

  it('records when a connection was last used', async () => {
    await scimClient(t, acme.token).get('/Users').expect(200);
    const [row] = await t.db.query('SELECT last_used_at FROM scim_connections WHERE id = $1', [
      acme.connectionId,
    ]);
    expect(new Date(row.last_used_at).toISOString()).toBe(t.clock.now().toISOString());
  });
});

describe('DESIGN rule 7: one organization never sees another', () => {
  it('answers 404 for another organization’s user and group, on every verb', async () => {
    const user = await scimClient(t, acme.token).post('/Users', userBody('only-acme@example.com'));
    const group = await scimClient(t, acme.token).post('/Groups', { displayName: 'Acme team' });
    const intruder = scimClient(t, globex.token);

    await intruder.get(`/Users/${user.body.id}`).expect(404);
    await intruder.put(`/Users/${user.body.id}`, userBody('only-acme@example.com')).expect(404);
    await intruder
      .patch(`/Users/${user.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      })
      .expect(404);
    await intruder.delete(`/Users/${user.body.id}`).expect(404);
    await intruder.get(`/Groups/${group.body.id}`).expect(404);
    await intruder.delete(`/Groups/${group.body.id}`).expect(404);

    const list = await intruder.get('/Users?filter=userName eq "only-acme@example.com"');
    expect(list.body.totalResults).toBe(0);
    const [member] = await t.db.query('SELECT status FROM members WHERE id = $1', [user.body.id]);
    expect(member.status).toBe('active');
  });

  it('lets each organization hold the same userName', async () => {
    await scimClient(t, acme.token).post('/Users', userBody('shared@example.com')).expect(201);
    await scimClient(t, globex.token).post('/Users', userBody('shared@example.com')).expect(201);
  });

  it('refuses to add another organization’s member to a group', async () => {
    const foreign = await scimClient(t, globex.token).post('/Users', userBody('g@example.com'));
    const res = await scimClient(t, acme.token).post('/Groups', {
      displayName: 'Smuggle',
      members: [{ value: foreign.body.id }],
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    const teams = await t.db.query("SELECT id FROM teams WHERE display_name = 'Smuggle'");
    expect(teams).toHaveLength(0);
  });
});

describe('token rotation with an overlap window', () => {
  it('keeps the old token working until the window ends, then refuses it', async () => {
    const org = await createOrgWithScim(t, 'rotating');
    const rotated = await rotate(org, 60 * 60 * 1000);
    const oldClient = scimClient(t, org.token);
    const newClient = scimClient(t, rotated.token);

    await oldClient.get('/Users').expect(200);
    await newClient.get('/Users').expect(200);

    t.clock.advance(60 * 60 * 1000 - 1);
    await oldClient.get('/Users').expect(200);
    t.clock.advance(1);
    await oldClient.get('/Users').expect(401);
    await newClient.get('/Users').expect(200);
  });

  it('never extends a token that already expires sooner, and audits each rotation', async () => {
    const org = await createOrgWithScim(t, 'rotating-twice');
    await rotate(org, 10 * 60 * 1000);
    await rotate(org, 60 * 60 * 1000);

    t.clock.advance(10 * 60 * 1000);
    await scimClient(t, org.token).get('/Users').expect(401);
    const events = await t.db.query(
      `SELECT payload FROM audit_events
        WHERE org_id = $1 AND action = 'organization.scim.token_rotated'`,
      [org.id],
    );
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toMatch(/tss_/);
  });

  it('defaults to a one-hour overlap', async () => {
    const org = await createOrgWithScim(t, 'rotating-default');
    const rotated = await rotate(org);
    expect(new Date(rotated.previousTokensExpireAt).getTime() - t.clock.now().getTime()).toBe(
      3600_000,
    );
  });
});
