import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { OpenApiContract, operationKey } from '../support/openapi-validator.js';
import { createOrgWithScim, startTestApp } from '../support/test-app.js';
import { ADMIN_CREDENTIAL_CASES } from './admin-credential-cases.js';
import { ADMIN_MEMBER_CASES } from './admin-member-cases.js';
import { ADMIN_ORG_CASES } from './admin-org-cases.js';
import { ADMIN_SSO_CASES } from './admin-sso-cases.js';
import { ADMIN_TEAM_CASES } from './admin-team-cases.js';
import { ADMIN_WEBHOOK_CASES } from './admin-webhook-cases.js';
import { AUTH_CASES } from './auth-cases.js';
import type { ContractCase, ContractContext } from './contract-case.js';
import { GROUP_CASES } from './group-cases.js';
import { SCIM_BREAK_GLASS_CASES } from './scim-break-glass-cases.js';
import { OUTAGE_CASES } from './outage-cases.js';
import { describeContractCases } from './run-cases.js';
import { SSO_FLOW_CASES } from './sso-flow-cases.js';
import { DISCOVERY_CASES, OPERATIONS_CASES, UNSUPPORTED_CASES } from './service-cases.js';
import { USER_CASES } from './user-cases.js';

/**
 * STYLE 17: `openapi.yaml` is the contract. Every case drives the real app over HTTP and checks
 * the response against the operation it names. The cases are the list of what the suite
 * exercises; the coverage tests below hold it against the document, so an operation or a status
 * added to either side without the other fails here.
 */
const contract = new OpenApiContract();
const SUITES: [string, ContractCase[]][] = [
  ['RFC 7644 §3 Users', USER_CASES],
  ['RFC 7644 §3 Groups', GROUP_CASES],
  ['RFC 7644 §3.12 403: the break-glass owner is outside the directory', SCIM_BREAK_GLASS_CASES],
  ['RFC 7644 §4 discovery', DISCOVERY_CASES],
  ['RFC 7644 §3.7, §3.4.3, §3.11 unimplemented endpoints', UNSUPPORTED_CASES],
  ['operations endpoints', OPERATIONS_CASES],
  ['admin API: API keys and SCIM connections', ADMIN_CREDENTIAL_CASES],
  ['admin API: teams', ADMIN_TEAM_CASES],
  ['admin API: members, roles, invitations', ADMIN_MEMBER_CASES],
  ['admin API: settings, security posture, audit events', ADMIN_ORG_CASES],
  ['admin API: webhooks and the event replay', ADMIN_WEBHOOK_CASES],
  ['admin API: SSO connections and email domains', ADMIN_SSO_CASES],
  ['/auth: session, sign-out, break-glass sign-in', AUTH_CASES],
  ['/sso sign-in URLs, /auth/step-up, SAML single logout', SSO_FLOW_CASES],
];
/** Everything exercised, the outage cases of `openapi-outage.test.ts` included. */
const EXERCISED = [...SUITES.flatMap(([, cases]) => cases), ...OUTAGE_CASES];

let ctx: ContractContext;

beforeAll(async () => {
  const t = await startTestApp();
  ctx = { t, org: await createOrgWithScim(t, 'contract') };
});
afterAll(() => ctx.t.close());

for (const [title, cases] of SUITES) describeContractCases(contract, title, cases, () => ctx);

describe('openapi.yaml is exercised in full', () => {
  const documented = contract.operations();

  it('every documented operation has a case', () => {
    const exercised = new Set(EXERCISED.map((c) => operationKey(c.method, c.path)));
    const missing = documented
      .map((op) => operationKey(op.method, op.path))
      .filter((key) => !exercised.has(key));
    expect(missing).toEqual([]);
  });

  it('every case expects a status its operation documents', () => {
    const statuses = new Map(
      documented.map((op) => [operationKey(op.method, op.path), op.statuses]),
    );
    const stray = EXERCISED.filter(
      (c) => !statuses.get(operationKey(c.method, c.path))?.includes(String(c.status)),
    ).map((c) => `${operationKey(c.method, c.path)} → ${c.status}`);
    expect(stray).toEqual([]);
  });

  it('every status the contract documents is provoked somewhere', () => {
    const provoked = new Set(EXERCISED.map((c) => String(c.status)));
    const statuses = new Set(documented.flatMap((op) => op.statuses));
    expect([...statuses].filter((s) => !provoked.has(s)).sort()).toEqual([]);
  });

  it('the operator CLI schemas carry an x-tessera-cli note naming the command', () => {
    const names = [
      'CliOrganization',
      'CliBreakGlassCredential',
      'CliScimConnection',
      'CliScimRotation',
      'CliAuditVerify',
    ];
    for (const name of names) {
      const schema = contract.at(`#/components/schemas/${name}`) as Record<string, unknown>;
      expect(schema['x-tessera-cli']).toMatchObject({ command: expect.stringMatching(/--json/) });
      expect(schema.description).toMatch(/npm run tessera -- /);
    }
  });
});
