import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { issueTestApiKey } from '../support/api-keys.js';
import { OpenApiContract, operationKey } from '../support/openapi-validator.js';
import { createMember, signIn } from '../support/sessions.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * DESIGN rule 7, route by route: an owner of one organization, with a fresh session or with an
 * API key, reaches no admin route of another organization. Every operation `openapi.yaml`
 * documents under `/api/v1/orgs/{orgId}` is called with the other organization's id and
 * answers 404, as if that organization did not exist, and nothing is written.
 */
const ORG_ROUTES = new OpenApiContract()
  .operations()
  .filter((op) => op.path.startsWith('/api/v1/orgs/{orgId}'));

let t: TestApp;
let victimId: string;
let attacker: { session: Record<string, string>; key: Record<string, string> };

beforeAll(async () => {
  t = await startTestApp();
  victimId = (await createOrgWithScim(t, 'victim')).id;
  await createMember(t, victimId, 'owner@victim.example', 'owner');
  const attackerOrg = (await createOrgWithScim(t, 'attacker')).id;
  const ownerId = await createMember(t, attackerOrg, 'owner@attacker.example', 'owner');
  attacker = {
    session: (await signIn(t, attackerOrg, ownerId)).headers,
    key: (await issueTestApiKey(t, attackerOrg, ownerId)).headers,
  };
});
afterAll(() => t.close());

async function victimAuditCount(): Promise<number> {
  const [{ n }] = await t.db.query(
    'SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1',
    [victimId],
  );
  return n;
}

describe("DESIGN rule 7: one organization's credentials never reach another's data", () => {
  it('covers the admin API', () => {
    expect(ORG_ROUTES.length).toBeGreaterThan(20);
  });

  describe.each(ORG_ROUTES.map((op) => [operationKey(op.method, op.path), op] as const))(
    '%s',
    (_, op) => {
      const url = op.path
        .replace('{orgId}', () => victimId)
        .replace(/\{[A-Za-z]+\}/g, () => randomUUID());

      it.each(['session', 'key'] as const)("with the other owner's %s: 404", async (as) => {
        const before = await victimAuditCount();
        const req = t.http[op.method](url).set(attacker[as]);
        const res = await (op.method === 'get' ? req : req.send({}));
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('not_found');
        expect(await victimAuditCount()).toBe(before);
      });
    },
  );
});
