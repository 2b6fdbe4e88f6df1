import { expect } from '@jest/globals';
import type { Response } from 'supertest';

import { createOrganization } from '../../src/orgs/create-organization.js';
import { issueTestApiKey } from '../support/api-keys.js';
import { OpenApiContract } from '../support/openapi-validator.js';
import { createMember, signIn } from '../support/sessions.js';
import { ADMIN_BASE, otherOrgId, unauthenticatedCases } from './admin-case-support.js';
import {
  uniqueName,
  type ContractCase,
  type ContractContext,
  type Method,
} from './contract-case.js';

const SETTINGS = `${ADMIN_BASE}/settings`;
const POSTURE = `${ADMIN_BASE}/security-posture`;
const AUDIT = `${ADMIN_BASE}/audit-events`;
const EXPORT = `${AUDIT}/export`;
const SECURITY = {
  ssoEnforced: false,
  mfaRequired: true,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 8,
};

/** A valid document per section. */
const SECTIONS: Record<string, object> = {
  general: { displayName: 'Contract Corp', allowedEmailDomains: ['contract.test'] },
  billing: { billingEmail: 'ap@contract.test', plan: 'team' },
  inference: { allowedProviders: ['anthropic'] },
  security: SECURITY,
};

type Caller = 'owner' | 'admin' | 'member' | 'stale-owner' | 'owner-key';
interface OwnOrg {
  id: string;
  members: Map<string, string>;
}
const orgs = new WeakMap<ContractContext, OwnOrg>();

/**
 * An organization of these cases alone: they rewrite its settings (SSO and MFA rules, allowed
 * email domains), which must not change how the shared contract organization behaves.
 */
async function ownOrg(ctx: ContractContext): Promise<OwnOrg> {
  const known = orgs.get(ctx);
  if (known) return known;
  const slug = uniqueName('settings');
  const org = await ctx.t.db.transaction((manager) =>
    createOrganization(manager, {
      name: slug,
      slug,
      actor: { type: 'operator', id: 'contract' },
      at: ctx.t.clock.now(),
    }),
  );
  const own = { id: org.id, members: new Map<string, string>() };
  orgs.set(ctx, own);
  return own;
}

async function headersOf(ctx: ContractContext, org: OwnOrg, caller: Caller) {
  const role = caller === 'stale-owner' || caller === 'owner-key' ? 'owner' : caller;
  if (!org.members.has(role)) {
    const userName = `${uniqueName(role)}@contract.test`;
    org.members.set(role, await createMember(ctx.t, org.id, userName, role));
  }
  const memberId = org.members.get(role)!;
  if (caller === 'owner-key') return (await issueTestApiKey(ctx.t, org.id, memberId)).headers;
  const authenticatedAt =
    caller === 'stale-owner' ? new Date(ctx.t.clock.now().getTime() - 16 * 60_000) : undefined;
  return (await signIn(ctx.t, org.id, memberId, { authenticatedAt })).headers;
}

/** One request in this suite's own organization; `query` is appended as given. */
async function send(
  ctx: ContractContext,
  method: Method,
  path: string,
  options: { as?: Caller; body?: unknown; query?: string; orgId?: string } = {},
): Promise<Response> {
  const org = await ownOrg(ctx);
  const url = `${path.replace('{orgId}', options.orgId ?? org.id)}${options.query ?? ''}`;
  const req = ctx.t.http[method](url)
    .set('Accept', 'application/json')
    .set(await headersOf(ctx, org, options.as ?? 'owner'))
    .buffer(true);
  return options.body === undefined ? req : req.send(options.body as object);
}

const contract = new OpenApiContract();

function sectionCases(section: string, valid: object): ContractCase[] {
  const path = `${SETTINGS}/${section}`;
  return [
    {
      name: `replaces ${section}`,
      method: 'put',
      path,
      status: 200,
      run: (ctx) => send(ctx, 'put', path, { body: valid }),
    },
    {
      name: `an unknown key in ${section} is 400 naming it`,
      method: 'put',
      path,
      status: 400,
      run: (ctx) => send(ctx, 'put', path, { body: { ...valid, surprise: true } }),
      verify: (res) => expect(res.body.message).toMatch(/unknown keys: surprise/),
    },
    {
      name: `a session older than 15 minutes may not replace ${section}`,
      method: 'put',
      path,
      status: 403,
      run: (ctx) => send(ctx, 'put', path, { as: 'stale-owner', body: valid }),
      verify: (res) => expect(res.body.error).toBe('reauth'),
    },
    {
      name: `an API key is never fresh enough to replace ${section}`,
      method: 'put',
      path,
      status: 403,
      run: (ctx) => send(ctx, 'put', path, { as: 'owner-key', body: valid }),
      verify: (res) => expect(res.body.error).toBe('reauth'),
    },
    {
      name: `another organization's ${section} is 404`,
      method: 'put',
      path,
      status: 404,
      run: (ctx) => send(ctx, 'put', path, { body: valid, orgId: otherOrgId() }),
    },
  ];
}

/** The admin role holds organization.update but none of the owner-only permissions. */
const ADMIN_BOUNDARY: ContractCase[] = ['billing', 'inference', 'security'].map((section) => ({
  name: `admin lacks the permission to replace ${section}`,
  method: 'put',
  path: `${SETTINGS}/${section}`,
  status: 403,
  run: (ctx) =>
    send(ctx, 'put', `${SETTINGS}/${section}`, { as: 'admin', body: SECTIONS[section] }),
  verify: (res) => expect(res.body).toMatchObject({ error: 'forbidden' }),
}));

const SETTINGS_CASES: ContractCase[] = [
  {
    name: 'any member reads every section',
    method: 'get',
    path: SETTINGS,
    status: 200,
    run: (ctx) => send(ctx, 'get', SETTINGS, { as: 'member' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: SETTINGS,
    status: 404,
    run: (ctx) => send(ctx, 'get', SETTINGS, { as: 'member', orgId: otherOrgId() }),
  },
  ...Object.entries(SECTIONS).flatMap(([section, valid]) => sectionCases(section, valid)),
  ...ADMIN_BOUNDARY,
  {
    name: 'a plain member may not replace general',
    method: 'put',
    path: `${SETTINGS}/general`,
    status: 403,
    run: (ctx) => send(ctx, 'put', `${SETTINGS}/general`, { as: 'member', body: SECTIONS.general }),
  },
  {
    name: 'enforcing SSO without an enabled SSO connection is 409 sso_not_ready',
    method: 'put',
    path: `${SETTINGS}/security`,
    status: 409,
    run: (ctx) =>
      send(ctx, 'put', `${SETTINGS}/security`, { body: { ...SECURITY, ssoEnforced: true } }),
    verify: (res) => expect(res.body.error).toBe('sso_not_ready'),
  },
];

const POSTURE_CASES: ContractCase[] = [
  {
    name: 'an owner reads the posture',
    method: 'get',
    path: POSTURE,
    status: 200,
    run: (ctx) => send(ctx, 'get', POSTURE),
    verify: (res) => expect(res.body.owners.count).toBeGreaterThan(0),
  },
  {
    name: 'admin lacks security_configuration.manage',
    method: 'get',
    path: POSTURE,
    status: 403,
    run: (ctx) => send(ctx, 'get', POSTURE, { as: 'admin' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: POSTURE,
    status: 404,
    run: (ctx) => send(ctx, 'get', POSTURE, { orgId: otherOrgId() }),
  },
];

const AUDIT_CASES: ContractCase[] = [
  {
    name: 'one page, newest first',
    method: 'get',
    path: AUDIT,
    status: 200,
    async run(ctx) {
      const body = { displayName: uniqueName('renamed') };
      expect((await send(ctx, 'put', `${SETTINGS}/general`, { body })).status).toBe(200);
      return send(ctx, 'get', AUDIT, { as: 'admin', query: '?limit=1' });
    },
    verify: (res) => expect(res.body.nextCursor).toEqual(expect.any(String)),
  },
  {
    name: 'a malformed since is 400',
    method: 'get',
    path: AUDIT,
    status: 400,
    run: (ctx) => send(ctx, 'get', AUDIT, { query: '?since=last-tuesday' }),
  },
  {
    name: 'a cursor this server did not issue is 400',
    method: 'get',
    path: AUDIT,
    status: 400,
    run: (ctx) => send(ctx, 'get', AUDIT, { query: '?cursor=bogus' }),
    verify: (res) => expect(res.body.error).toBe('invalid_cursor'),
  },
  {
    name: 'a plain member lacks audit.read',
    method: 'get',
    path: AUDIT,
    status: 403,
    run: (ctx) => send(ctx, 'get', AUDIT, { as: 'member' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: AUDIT,
    status: 404,
    run: (ctx) => send(ctx, 'get', AUDIT, { orgId: otherOrgId() }),
  },
  {
    name: 'exports JSON lines with the chain hashes',
    method: 'get',
    path: EXPORT,
    status: 200,
    run: (ctx) => send(ctx, 'get', EXPORT, { as: 'admin' }),
    verify(res) {
      const lines = res.text.trimEnd().split('\n');
      for (const line of lines)
        contract.expectMatchesSchema('ExportedAuditEvent', JSON.parse(line));
      expect(JSON.parse(lines.at(-1)!).action).toBe('organization.audit.exported');
    },
  },
  {
    name: 'paging parameters are not export filters',
    method: 'get',
    path: EXPORT,
    status: 400,
    run: (ctx) => send(ctx, 'get', EXPORT, { query: '?limit=5' }),
  },
  {
    name: 'a plain member lacks audit.read',
    method: 'get',
    path: EXPORT,
    status: 403,
    run: (ctx) => send(ctx, 'get', EXPORT, { as: 'member' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: EXPORT,
    status: 404,
    run: (ctx) => send(ctx, 'get', EXPORT, { orgId: otherOrgId() }),
  },
];

/** Organization settings, the security posture and the audit-events API. */
export const ADMIN_ORG_CASES: ContractCase[] = [
  ...SETTINGS_CASES,
  ...POSTURE_CASES,
  ...AUDIT_CASES,
  ...unauthenticatedCases([
    ['get', SETTINGS, SETTINGS],
    ...Object.keys(SECTIONS).map((s): [Method, string, string] => [
      'put',
      `${SETTINGS}/${s}`,
      `${SETTINGS}/${s}`,
    ]),
    ['get', POSTURE, POSTURE],
    ['get', AUDIT, AUDIT],
    ['get', EXPORT, EXPORT],
  ]),
];
