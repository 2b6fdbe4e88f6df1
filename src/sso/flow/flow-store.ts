import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

import { rowsOf } from '../../db/query-rows.js';
import type { SsoPurpose } from '../sso-types.js';

/** A flow lives this long: enough to sign in at the IdP, too short to be worth stealing. */
export const FLOW_LIFETIME_MS = 10 * 60 * 1000;

/** One row of `sso_flows`, decoded. */
export interface FlowRecord {
  id: string;
  orgId: string;
  connectionId: string;
  connectionRevision: number;
  purpose: SsoPurpose;
  browserHash: string;
  sessionId: string | null;
  actorMemberId: string | null;
  samlRequestId: string | null;
  secretsEncrypted: string | null;
  returnTo: string | null;
  forceAuthn: boolean;
  createdAt: Date;
  expiresAt: Date;
}

export type NewFlow = Omit<FlowRecord, 'createdAt' | 'expiresAt'> & {
  oidcStateHash: string | null;
  at: Date;
};

const COLUMNS = `id, org_id, connection_id, connection_revision, purpose, browser_hash, session_id,
  actor_member_id, saml_request_id, secrets_encrypted, return_to, force_authn, created_at,
  expires_at`;

/**
 * The OIDC `state` is a 256-bit random value, so a plain SHA-256 is enough to keep it out of the
 * table and still find the row by it (a keyed hash would stop matching when the key rotates).
 */
export function hashOidcState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('base64url');
}

export async function insertFlow(manager: EntityManager, flow: NewFlow): Promise<void> {
  await manager.query(
    `INSERT INTO sso_flows (id, org_id, connection_id, connection_revision, purpose, browser_hash,
       session_id, actor_member_id, saml_request_id, oidc_state_hash, secrets_encrypted,
       return_to, force_authn, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      flow.id,
      flow.orgId,
      flow.connectionId,
      flow.connectionRevision,
      flow.purpose,
      flow.browserHash,
      flow.sessionId,
      flow.actorMemberId,
      flow.samlRequestId,
      flow.oidcStateHash,
      flow.secretsEncrypted,
      flow.returnTo,
      flow.forceAuthn,
      flow.at,
      new Date(flow.at.getTime() + FLOW_LIFETIME_MS),
    ],
  );
}

/** The open (unconsumed, unexpired) flow of a connection that sent this SAML request id. */
export async function findOpenSamlFlow(
  manager: EntityManager,
  connectionId: string,
  requestId: string,
  now: Date,
): Promise<FlowRecord | undefined> {
  const [row] = await manager.query(
    `SELECT ${COLUMNS} FROM sso_flows
      WHERE connection_id = $1 AND saml_request_id = $2 AND consumed_at IS NULL
        AND expires_at > $3`,
    [connectionId, requestId, now],
  );
  return row ? toFlow(row) : undefined;
}

/** The open flow of a connection that issued this OIDC state. */
export async function findOpenOidcFlow(
  manager: EntityManager,
  connectionId: string,
  state: string,
  now: Date,
): Promise<FlowRecord | undefined> {
  const [row] = await manager.query(
    `SELECT ${COLUMNS} FROM sso_flows
      WHERE connection_id = $1 AND oidc_state_hash = $2 AND consumed_at IS NULL
        AND expires_at > $3`,
    [connectionId, hashOidcState(state), now],
  );
  return row ? toFlow(row) : undefined;
}

/**
 * Marks a flow used. The conditional UPDATE lets exactly one of two concurrent finishes through
 * (on any instance); false means another request consumed it first, i.e. a replay.
 */
export async function consumeFlow(manager: EntityManager, flowId: string, now: Date) {
  const rows = rowsOf(
    await manager.query(
      `UPDATE sso_flows SET consumed_at = $2
        WHERE id = $1 AND consumed_at IS NULL AND expires_at > $2 RETURNING id`,
      [flowId, now],
    ),
  );
  return rows.length === 1;
}

/** Expired flows are useless; removed in passing so the table stays small. */
export async function deleteExpiredFlows(manager: EntityManager, now: Date): Promise<void> {
  await manager.query('DELETE FROM sso_flows WHERE expires_at < $1', [
    new Date(now.getTime() - FLOW_LIFETIME_MS),
  ]);
}

function toFlow(row: Record<string, unknown>): FlowRecord {
  return {
    id: row.id as string,
    orgId: row.org_id as string,
    connectionId: row.connection_id as string,
    connectionRevision: Number(row.connection_revision),
    purpose: row.purpose as SsoPurpose,
    browserHash: row.browser_hash as string,
    sessionId: (row.session_id as string | null) ?? null,
    actorMemberId: (row.actor_member_id as string | null) ?? null,
    samlRequestId: (row.saml_request_id as string | null) ?? null,
    secretsEncrypted: (row.secrets_encrypted as string | null) ?? null,
    returnTo: (row.return_to as string | null) ?? null,
    forceAuthn: row.force_authn === true,
    createdAt: new Date(row.created_at as string),
    expiresAt: new Date(row.expires_at as string),
  };
}
