import { pruneExpiredState } from '../../src/ops/housekeeping.js';
import { createOrgWithScim, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const minutes = (n: number) => n * 60_000;

describe('housekeeping: expired sign-in state is pruned, live state is kept', () => {
  it('drops ended throttle counters but keeps counting windows and running locks', async () => {
    const now = t.clock.now();
    const at = (offset: number) => new Date(now.getTime() + offset);
    await t.db.query(
      `INSERT INTO sign_in_throttle (key, failures, window_started_at, locked_until) VALUES
         ('ended', 3, $1, NULL), ('ended-lock', 5, $1, $2), ('counting', 2, $3, NULL),
         ('locked', 5, $1, $4)`,
      [at(-minutes(90)), at(-minutes(30)), at(-minutes(10)), at(minutes(5))],
    );

    const pruned = await pruneExpiredState(t.db, now);

    const left = await t.db.query('SELECT key FROM sign_in_throttle ORDER BY key');
    expect(left.map((r: { key: string }) => r.key)).toEqual(['counting', 'locked']);
    expect(pruned.throttles).toBe(2);
  });

  it('drops expired SSO flows and assertion ids only', async () => {
    const org = await createOrgWithScim(t, 'housekeeping');
    const now = t.clock.now();
    const [connection] = await t.db.query(
      `INSERT INTO sso_connections (org_id, protocol, name)
       VALUES ($1, 'saml', 'IdP') RETURNING id`,
      [org.id],
    );
    for (const [name, expires] of [
      ['old', -minutes(1)],
      ['live', minutes(5)],
    ] as const) {
      await t.db.query(
        `INSERT INTO sso_flows (org_id, connection_id, connection_revision, purpose, browser_hash,
           saml_request_id, created_at, expires_at)
         VALUES ($1, $2, 1, 'sign_in', 'h', $3, $4, $5)`,
        [org.id, connection.id, name, now, new Date(now.getTime() + expires)],
      );
      await t.db.query(
        `INSERT INTO sso_assertion_ids (connection_id, assertion_id, expires_at)
         VALUES ($1, $2, $3)`,
        [connection.id, name, new Date(now.getTime() + expires)],
      );
    }

    const pruned = await pruneExpiredState(t.db, now);

    expect(pruned).toMatchObject({ flows: 1, assertionIds: 1 });
    const flows = await t.db.query('SELECT saml_request_id FROM sso_flows');
    expect(flows).toEqual([{ saml_request_id: 'live' }]);
    const ids = await t.db.query('SELECT assertion_id FROM sso_assertion_ids');
    expect(ids).toEqual([{ assertion_id: 'live' }]);
  });
});
