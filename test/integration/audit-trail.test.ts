import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  scimClient,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'audited');
  const scim = scimClient(t, org.token);
  // More than ten events, so ordering by sequence is tested past single digits.
  for (let i = 0; i < 12; i++) await scim.post('/Users', userBody(`a${i}@example.com`)).expect(201);
});
afterAll(() => t.close());

describe('the audit trail is append-only and chained', () => {
  it('numbers events 1…n per organization and the chain verifies', async () => {
    const rows = await t.db.query(
      'SELECT seq::int AS seq FROM audit_events WHERE org_id = $1 ORDER BY seq',
      [org.id],
    );
    expect(rows.map((r: { seq: number }) => r.seq)).toEqual(
      rows.map((_: unknown, i: number) => i + 1),
    );
    expect(await verifyAuditChain(t.db, org.id)).toEqual({ ok: true, events: rows.length });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.query("UPDATE audit_events SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });

  it('an edit made behind the triggers’ back is detected at its sequence number', async () => {
    await t.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    try {
      await t.db.query(
        `UPDATE audit_events SET payload = '{"userName":"someone-else"}'
          WHERE org_id = $1 AND seq = 5`,
        [org.id],
      );
    } finally {
      await t.db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    }
    expect(await verifyAuditChain(t.db, org.id)).toMatchObject({
      ok: false,
      brokenAt: '5',
      reason: 'hash mismatch',
    });
  });

  it('carries no secret: no token, no password', async () => {
    const rows = await t.db.query('SELECT payload::text AS p FROM audit_events');
    const all = rows.map((r: { p: string }) => r.p).join('\n');
    expect(all).not.toContain(org.token.split('_')[2]);
    expect(all).not.toMatch(/password"\s*:\s*"/);
  });
});
