import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { createMember, signIn } from '../support/sessions.js';
import {
  createOrgWithScim,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

const SECURITY = {
  ssoEnforced: false,
  mfaRequired: true,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 8,
};

let t: TestApp;
let org: TestOrg;
let ownerId: string;
let adminId: string;
let memberId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'settings');
  ownerId = await createMember(t, org.id, 'owner@example.com', 'owner');
  adminId = await createMember(t, org.id, 'admin@example.com', 'admin');
  memberId = await createMember(t, org.id, 'member@example.com');
});
afterAll(() => t.close());

const url = (path: string, orgId = org.id) => `/api/v1/orgs/${orgId}/${path}`;

async function put(who: string, section: string, body: unknown, orgId = org.id) {
  const { headers } = await signIn(t, orgId, who);
  return t.http
    .put(url(`settings/${section}`, orgId))
    .set(headers)
    .send(body as object);
}

async function settingsEvents(orgId = org.id) {
  return t.db.query(
    `SELECT payload FROM audit_events WHERE org_id = $1 AND action = 'organization.settings.updated'
      ORDER BY seq`,
    [orgId],
  );
}

async function newOrg(slug: string) {
  const created = await createOrgWithScim(t, slug);
  return { org: created, owner: await createMember(t, created.id, `owner@${slug}.test`, 'owner') };
}

async function addSsoConnection(orgId: string, enabled: boolean) {
  await t.db.query(
    `INSERT INTO sso_connections (org_id, protocol, name, enabled) VALUES ($1, 'oidc', 'IdP', $2)`,
    [orgId, enabled],
  );
}

describe('GET settings', () => {
  it('any member reads every section, defaults filled in before the first write', async () => {
    const fresh = await newOrg('fresh-settings');
    const reader = await createMember(t, fresh.org.id, 'reader@fresh.test');
    const { headers } = await signIn(t, fresh.org.id, reader);
    const res = await t.http.get(url('settings', fresh.org.id)).set(headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      general: { displayName: 'fresh-settings', allowedEmailDomains: [], allowedReturnOrigins: [] },
      billing: { billingEmail: null, plan: 'free', taxId: null },
      inference: { defaultModel: null, allowedProviders: [], monthlyTokenBudget: null },
      security: {
        ssoEnforced: false,
        mfaRequired: false,
        sessionIdleMinutes: 60,
        sessionAbsoluteHours: 12,
      },
    });
  });

  it('another organization’s id, or a malformed one, is 404; no credentials is 401', async () => {
    const other = await newOrg('other-settings');
    const { headers } = await signIn(t, org.id, memberId);
    await t.http.get(url('settings', other.org.id)).set(headers).expect(404);
    await t.http.get(url('settings', 'not-a-uuid')).set(headers).expect(404);
    const anonymous = await t.http.get(url('settings'));
    expect(anonymous.status).toBe(401);
  });
});

describe('PUT settings/general', () => {
  it('replaces the document, normalises domains and origins, and audits the keys', async () => {
    const res = await put(adminId, 'general', {
      displayName: '  Acme Corp ',
      allowedEmailDomains: ['Acme.COM', 'acme.com', 'xn--bcher-kva.example'],
      allowedReturnOrigins: ['https://App.acme.com/', 'https://acme.com:8443'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      displayName: 'Acme Corp',
      allowedEmailDomains: ['acme.com', 'xn--bcher-kva.example'],
      allowedReturnOrigins: ['https://app.acme.com', 'https://acme.com:8443'],
    });
    const { headers } = await signIn(t, org.id, memberId);
    const read = await t.http.get(url('settings')).set(headers);
    expect(read.body.general).toEqual(res.body);
    // Another feature (invitations) reads the list straight from the row.
    const [row] = await t.db.query(
      `SELECT settings->'general'->'allowedEmailDomains' AS domains FROM organizations
        WHERE id = $1`,
      [org.id],
    );
    expect(row.domains).toEqual(['acme.com', 'xn--bcher-kva.example']);
    expect((await settingsEvents()).at(-1).payload).toEqual({
      section: 'general',
      changedKeys: 'displayName,allowedEmailDomains,allowedReturnOrigins',
    });
  });

  it('omitted keys take their defaults, and only the keys that changed are audited', async () => {
    const res = await put(adminId, 'general', { displayName: 'Acme Corp' });
    expect(res.body).toEqual({
      displayName: 'Acme Corp',
      allowedEmailDomains: [],
      allowedReturnOrigins: [],
    });
    expect((await settingsEvents()).at(-1).payload).toEqual({
      section: 'general',
      changedKeys: 'allowedEmailDomains,allowedReturnOrigins',
    });
  });

  it('a write that changes nothing records nothing', async () => {
    const before = (await settingsEvents()).length;
    await put(adminId, 'general', { displayName: 'Acme Corp' }).then((r) =>
      expect(r.status).toBe(200),
    );
    expect(await settingsEvents()).toHaveLength(before);
  });

  it.each([
    [{ displayName: 'x', colour: 'red', theme: 1 }, /unknown keys: colour, theme/],
    [{ displayName: '' }, /displayName/],
    [{ displayName: 'x'.repeat(201) }, /displayName/],
    [{ displayName: 'x', allowedEmailDomains: ['not a domain'] }, /allowedEmailDomains\[0\]/],
    [{ displayName: 'x', allowedEmailDomains: ['localhost'] }, /allowedEmailDomains\[0\]/],
    [
      { displayName: 'x', allowedEmailDomains: Array.from({ length: 101 }, (_, i) => `d${i}.io`) },
      /allowedEmailDomains/,
    ],
    [{ displayName: 'x', allowedReturnOrigins: ['http://acme.com'] }, /https origin/],
    [{ displayName: 'x', allowedReturnOrigins: ['https://acme.com/callback'] }, /https origin/],
    [{ displayName: 'x', allowedReturnOrigins: ['https://user:pw@acme.com'] }, /https origin/],
    [['displayName'], /must be a JSON object/],
  ])('%j is 400 invalid_request naming the problem, and nothing changes', async (body, why) => {
    const before = await t.db.query('SELECT settings FROM organizations WHERE id = $1', [org.id]);
    const res = await put(adminId, 'general', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', message: expect.stringMatching(why) });
    const after = await t.db.query('SELECT settings FROM organizations WHERE id = $1', [org.id]);
    expect(after).toEqual(before);
  });

  it('a body that is not JSON is 400 invalid_json', async () => {
    const { headers } = await signIn(t, org.id, adminId);
    const res = await t.http
      .put(url('settings/general'))
      .set(headers)
      .set('Content-Type', 'application/json')
      .send('{"displayName":');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_json');
  });
});

describe('who may change which section (DESIGN rules 1 and 2)', () => {
  it.each(['billing', 'inference', 'security'])(
    'admin holds organization.update but may not replace %s',
    async (section) => {
      const res = await put(adminId, section, {});
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    },
  );

  it('a plain member may not replace general', async () => {
    const res = await put(memberId, 'general', { displayName: 'Mine now' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });

  it('a session older than 15 minutes gets 403 reauth with the step-up route', async () => {
    const authenticatedAt = new Date(t.clock.now().getTime() - 16 * 60_000);
    const { headers } = await signIn(t, org.id, ownerId, { authenticatedAt });
    const res = await t.http.put(url('settings/billing')).set(headers).send({ plan: 'team' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'reauth', reason: 'fresh_auth_required' });
    expect(res.body.stepUp).toBe('/auth/step-up');
  });

  it('an API key never passes the fresh-session check, even an owner’s', async () => {
    const key = await issueTestApiKey(t, org.id, ownerId);
    const res = await t.http
      .put(url('settings/inference'))
      .set(key.headers)
      .send({ allowedProviders: ['anthropic'] });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('reauth');
    const read = await t.http.get(url('settings')).set(key.headers);
    expect(read.status).toBe(200);
  });

  it('a custom role holding billing.manage may replace billing and nothing else', async () => {
    await t.db.query(
      `INSERT INTO roles (org_id, name, builtin, permissions) VALUES ($1, 'finance', false, $2)`,
      [org.id, ['billing.manage']],
    );
    const finance = await createMember(t, org.id, 'finance@example.com', 'finance');
    const billing = { billingEmail: 'ap@acme.com', plan: 'business', taxId: 'DE 123456789' };
    const res = await put(finance, 'billing', billing);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(billing);
    expect((await put(finance, 'general', { displayName: 'x' })).status).toBe(403);
  });
});

describe('PUT settings/billing and settings/inference (owner)', () => {
  it('audits the section and changed keys, never the values', async () => {
    const res = await put(ownerId, 'billing', {
      billingEmail: 'invoices@acme.com',
      plan: 'enterprise',
      taxId: 'GB-999-SECRETISH',
    });
    expect(res.status).toBe(200);
    const [event] = (await settingsEvents()).slice(-1);
    expect(event.payload).toEqual({ section: 'billing', changedKeys: 'billingEmail,plan,taxId' });
    expect(JSON.stringify(event)).not.toMatch(/invoices@|enterprise|SECRETISH/);
    expect(t.logLines.join('')).toMatch(/"alert":"organization.settings.updated"/);
  });

  it('accepts an inference document and refuses bad budgets and plans', async () => {
    const inference = {
      defaultModel: 'anthropic/claude-sonnet-4.5',
      allowedProviders: ['anthropic', 'azure-openai'],
      monthlyTokenBudget: 5_000_000,
    };
    expect((await put(ownerId, 'inference', inference)).body).toEqual(inference);
    for (const monthlyTokenBudget of [0, -1, 1.5, '100']) {
      const res = await put(ownerId, 'inference', { monthlyTokenBudget });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/monthlyTokenBudget/);
    }
    const res = await put(ownerId, 'billing', { plan: 'platinum' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/plan/);
  });
});

describe('PUT settings/security', () => {
  it('requires every key and keeps session lifetimes within bounds', async () => {
    const cases = [
      { ssoEnforced: false, mfaRequired: true },
      { ...SECURITY, sessionIdleMinutes: 4 },
      { ...SECURITY, sessionIdleMinutes: 1441 },
      { ...SECURITY, sessionAbsoluteHours: 721 },
      { ...SECURITY, sessionIdleMinutes: 240, sessionAbsoluteHours: 2 },
      { ...SECURITY, mfaRequried: true },
    ];
    for (const body of cases) {
      const res = await put(ownerId, 'security', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });

  it('new sessions follow the new lifetimes', async () => {
    const res = await put(ownerId, 'security', SECURITY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(SECURITY);
    const { sessionId } = await signIn(t, org.id, memberId);
    const [row] = await t.db.query(
      'SELECT idle_expires_at, absolute_expires_at FROM sessions WHERE id = $1',
      [sessionId],
    );
    const now = t.clock.now().getTime();
    expect(new Date(row.idle_expires_at).getTime() - now).toBe(30 * 60_000);
    expect(new Date(row.absolute_expires_at).getTime() - now).toBe(8 * 3600_000);
  });

  it('enforcing SSO without an enabled SSO connection is 409 sso_not_ready', async () => {
    const { org: target, owner } = await newOrg('sso-not-ready');
    await addSsoConnection(target.id, false);
    const body = { ...SECURITY, ssoEnforced: true };
    const res = await put(owner, 'security', body, target.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('sso_not_ready');
    expect(await settingsEvents(target.id)).toEqual([]);
    const [row] = await t.db.query('SELECT security FROM organizations WHERE id = $1', [target.id]);
    expect(row.security.ssoEnforced).toBe(false);

    await t.db.query('UPDATE sso_connections SET enabled = true WHERE org_id = $1', [target.id]);
    const enabled = await put(owner, 'security', body, target.id);
    expect(enabled.status).toBe(200);
    expect((await settingsEvents(target.id))[0].payload).toEqual({
      section: 'security',
      changedKeys: 'ssoEnforced,mfaRequired,sessionIdleMinutes,sessionAbsoluteHours',
    });
  });
});
