import { afterAll, beforeAll } from '@jest/globals';

import { OpenApiContract } from '../support/openapi-validator.js';
import { createOrgWithScim, startTestApp } from '../support/test-app.js';
import type { ContractContext } from './contract-case.js';
import { OUTAGE_CASES } from './outage-cases.js';
import { describeContractCases } from './run-cases.js';

/**
 * The documented 5xx answers, from an app whose database goes away under it. A file of its own:
 * with PGlite every DataSource of a process shares one embedded database, so closing it here
 * would take the other contract cases' database with it.
 */
const contract = new OpenApiContract();
let ctx: ContractContext;

beforeAll(async () => {
  const t = await startTestApp();
  ctx = { t, org: await createOrgWithScim(t, 'contract-outage') };
  await t.db.destroy();
});

afterAll(async () => {
  // Reconnect so the harness can drop the database as it always does.
  await ctx.t.db.initialize();
  await ctx.t.close();
});

describeContractCases(contract, 'a server without its database', OUTAGE_CASES, () => ctx);
