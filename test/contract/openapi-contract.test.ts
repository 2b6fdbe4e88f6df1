import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { OpenApiContract, operationKey } from '../support/openapi-validator.js';
import { createOrgWithScim, startTestApp } from '../support/test-app.js';
import type { ContractCase, ContractContext } from './contract-case.js';
import { GROUP_CASES } from './group-cases.js';
import { DISCOVERY_CASES, OPERATIONS_CASES, UNSUPPORTED_CASES } from './service-cases.js';
import { USER_CASES } from './user-cases.js';

/**
 * STYLE 17: `openapi.yaml` is the contract. Every case drives the real app over HTTP and checks
 * the response against the operation it names; the coverage tests make sure every documented
 * operation and status has a case, so the contract cannot drift from the server unnoticed.
 */
const contract = new OpenApiContract();
const SUITES: [string, ContractCase[]][] = [
  ['RFC 7644 §3 Users', USER_CASES],
  ['RFC 7644 §3 Groups', GROUP_CASES],
  ['RFC 7644 §4 discovery', DISCOVERY_CASES],
  ['RFC 7644 §3.7, §3.4.3, §3.11 not implemented', UNSUPPORTED_CASES],
  ['operations', OPERATIONS_CASES],
];
const ALL_CASES = SUITES.flatMap(([, cases]) => cases);

let ctx: ContractContext;

beforeAll(async () => {
  const t = await startTestApp();
  const down = await startTestApp();
  ctx = {
    t,
    org: await createOrgWithScim(t, 'contract'),
    down,
    downOrg: await createOrgWithScim(down, 'contract-down'),
  };
  // A real outage: the second app's database connection is closed under it.
  await down.db.destroy();
});

afterAll(async () => {
  await ctx.t.close();
  await ctx.down.db.initialize();
  await ctx.down.close();
});

for (const [suite, cases] of SUITES) {
  describe(`${suite} answer as openapi.yaml says`, () => {
    for (const c of cases) {
      it(`${operationKey(c.method, c.path)} → ${c.status}: ${c.name}`, async () => {
        const res = await c.run(ctx);
        expect({ status: res.status, body: res.text }).toMatchObject({ status: c.status });
        contract.expectMatchesContract(c.method, c.path, res);
        await c.verify?.(res, ctx);
      });
    }
  });
}

describe('openapi.yaml is exercised in full', () => {
  it('every documented operation has a case', () => {
    const exercised = new Set(ALL_CASES.map((c) => operationKey(c.method, c.path)));
    const missing = contract
      .operations()
      .map((op) => operationKey(op.method, op.path))
      .filter((key) => !exercised.has(key));
    expect(missing).toEqual([]);
  });

  it('every case asks for a status its operation documents', () => {
    const documented = new Map(
      contract.operations().map((op) => [operationKey(op.method, op.path), op.statuses]),
    );
    const stray = ALL_CASES.filter(
      (c) => !documented.get(operationKey(c.method, c.path))?.includes(String(c.status)),
    ).map((c) => `${operationKey(c.method, c.path)} → ${c.status}`);
    expect(stray).toEqual([]);
  });

  it('every status the contract documents is provoked somewhere', () => {
    const provoked = new Set(ALL_CASES.map((c) => String(c.status)));
    const statuses = new Set(contract.operations().flatMap((op) => op.statuses));
    expect([...statuses].filter((s) => !provoked.has(s)).sort()).toEqual([]);
  });

  it('the CLI schemas carry an x-tessera-cli note', () => {
    const schemas = contract.at('#/components/schemas') as Record<string, Record<string, unknown>>;
    const cli = Object.entries(schemas).filter(([name]) => name.startsWith('Cli'));
    expect(cli.map(([name]) => name)).toEqual(
      expect.arrayContaining(['CliOrganization', 'CliScimConnection', 'CliScimRotation']),
    );
    for (const [, schema] of cli.filter(([name]) => name !== 'CliScimToken')) {
      expect(schema['x-tessera-cli']).toMatchObject({ command: expect.any(String) });
    }
  });
});
