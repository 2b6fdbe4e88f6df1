import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import type { SessionMethod } from '../../../entities/session.js';
import type { Keyring } from '../../secrets/keyring.js';
import { generateSecret, hashSecret } from '../../secrets/tokens.js';

export interface CreatedSession {
  sessionId: string;
  /** The cookie value; only its keyed hash is stored. */
  cookieValue: string;
  absoluteExpiresAt: Date;
}

/** Starts a server-side session with the organization's idle and absolute lifetimes. */
export async function createSession(
  manager: EntityManager,
  keyring: Keyring,
  input: {
    orgId: string;
    memberId: string;
    method: SessionMethod;
    mfaEvidence: string[];
    at: Date;
  },
): Promise<CreatedSession> {
  const [org] = await manager.query('SELECT security FROM organizations WHERE id = $1', [
    input.orgId,
  ]);
  const idleMs = Number(org.security.sessionIdleMinutes) * 60_000;
  const absoluteMs = Number(org.security.sessionAbsoluteHours) * 3_600_000;
  const absoluteExpiresAt = new Date(input.at.getTime() + absoluteMs);
  const idleExpiresAt = new Date(
    Math.min(input.at.getTime() + idleMs, absoluteExpiresAt.getTime()),
  );

  const sessionId = randomUUID();
  const secret = generateSecret();
  const stored = hashSecret(keyring, secret);
  await manager.query(
    `INSERT INTO sessions (id, org_id, member_id, token_hash, method, mfa_evidence,
       authenticated_at, last_seen_at, idle_expires_at, absolute_expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $7)`,
    [
      sessionId,
      input.orgId,
      input.memberId,
      `${stored.hashKeyId}:${stored.secretHash}`,
      input.method,
      JSON.stringify(input.mfaEvidence),
      input.at,
      idleExpiresAt,
      absoluteExpiresAt,
    ],
  );
  return { sessionId, cookieValue: `${sessionId}.${secret}`, absoluteExpiresAt };
}
