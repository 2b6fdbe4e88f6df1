import type { DataSource } from 'typeorm';

import { storeApiKey } from '../../src/access/api-keys/store-api-key.js';
import { createSession } from '../../src/access/sessions/create-session.js';
import { SESSION_COOKIE } from '../../src/access/sessions/session-cookie.js';
import { FLEET_KEYRING } from './tessera-fleet.js';

/** A member with a live session and API key, made through the domain functions. */
export interface ArmedMember {
  id: string;
  userName: string;
  cookie: string;
  apiKey: string;
  apiKeyId: string;
}

export async function armMember(
  db: DataSource,
  orgId: string,
  member: { id: string; userName: string },
): Promise<ArmedMember> {
  return db.transaction(async (manager) => {
    const at = new Date();
    const session = await createSession(manager, FLEET_KEYRING, {
      orgId,
      memberId: member.id,
      method: 'sso_oidc',
      mfaEvidence: [],
      at,
    });
    const { apiKey, key } = await storeApiKey(manager, FLEET_KEYRING, {
      orgId,
      memberId: member.id,
      name: 'burst key',
      permissions: null,
      expiresAt: new Date(at.getTime() + 86_400_000),
      at,
    });
    const cookie = `${SESSION_COOKIE}=${session.cookieValue}`;
    return { ...member, cookie, apiKey: key, apiKeyId: apiKey.id };
  });
}

/** Where a member stands after a deprovisioning that may or may not have happened. */
export type DeprovisionState = 'deprovisioned' | 'untouched' | 'in between';

/**
 * DESIGN rule 3: all of it or none of it. Fully deprovisioned means status changed, sessions
 * gone, API key revoked, the audit event written and — when the events outbox exists — the
 * event row there; untouched means none of these.
 */
export async function deprovisionStateOf(
  db: DataSource,
  orgId: string,
  member: ArmedMember,
  withOutbox: boolean,
): Promise<{ state: DeprovisionState; facts: Record<string, unknown> }> {
  const [facts] = await db.query(
    `SELECT m.status,
            (SELECT count(*)::int FROM sessions s WHERE s.member_id = m.id) AS sessions,
            (SELECT revoked_at IS NOT NULL FROM api_keys k WHERE k.id = $3) AS "keyRevoked",
            (SELECT count(*)::int FROM audit_events a
              WHERE a.org_id = $2 AND a.target_id = m.id::text
                AND a.action = 'organization.member.deprovisioned') AS audited
       FROM members m WHERE m.id = $1`,
    [member.id, orgId, member.apiKeyId],
  );
  if (withOutbox) facts.outbox = await outboxRows(db, orgId, member.id);

  const done =
    facts.status === 'deprovisioned' &&
    facts.sessions === 0 &&
    facts.keyRevoked === true &&
    facts.audited === 1 &&
    (!withOutbox || facts.outbox >= 1);
  const untouched =
    facts.status === 'active' &&
    facts.sessions === 1 &&
    facts.keyRevoked === false &&
    facts.audited === 0 &&
    (!withOutbox || facts.outbox === 0);
  return { state: done ? 'deprovisioned' : untouched ? 'untouched' : 'in between', facts };
}

/** Outbox rows announcing this member's deprovisioning (any event type naming it). */
async function outboxRows(db: DataSource, orgId: string, memberId: string): Promise<number> {
  const [{ n }] = await db.query(
    `SELECT count(*)::int AS n FROM outbox
      WHERE org_id = $1 AND type ILIKE '%deprovision%' AND payload::text LIKE '%' || $2 || '%'`,
    [orgId, memberId],
  );
  return n;
}

export async function hasOutbox(db: DataSource): Promise<boolean> {
  const [{ exists }] = await db.query(`SELECT to_regclass('public.outbox') IS NOT NULL AS exists`);
  return exists;
}
