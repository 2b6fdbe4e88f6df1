import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { isUuid } from '../../db/uuid.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { RequestContext } from '../../ops/request-context.js';
import type { Keyring } from '../../secrets/keyring.js';
import { issueScimToken } from './issue-scim-token.js';
import { DEFAULT_ROTATION_OVERLAP_MS, MAX_ROTATION_OVERLAP_MS } from './scim-token-format.js';

export interface RotatedScimToken {
  connectionId: string;
  token: string;
  /** When the tokens that were current before this rotation stop working. */
  previousTokensExpireAt: string;
}

/**
 * Issues a new token and gives every older live token of the connection an end date, so the
 * IdP keeps provisioning with the old one until an admin pastes the new one in.
 */
export async function rotateScimToken(
  manager: EntityManager,
  keyring: Keyring,
  input: {
    orgId: string;
    connectionId: string;
    overlapMs?: number;
    actor: AuditActor;
    context?: RequestContext;
    at: Date;
  },
): Promise<RotatedScimToken> {
  const overlapMs = input.overlapMs ?? DEFAULT_ROTATION_OVERLAP_MS;
  if (!Number.isInteger(overlapMs) || overlapMs < 0 || overlapMs > MAX_ROTATION_OVERLAP_MS) {
    throw new ValidationError('overlap must be between 0 and 7 days');
  }
  const [connection] = isUuid(input.connectionId)
    ? await manager.query(
        `SELECT id, org_id AS "orgId" FROM scim_connections
          WHERE id = $1 AND org_id = $2 FOR UPDATE`,
        [input.connectionId, input.orgId],
      )
    : [];
  if (!connection) throw new NotFoundError('no such SCIM connection in this organization');

  const expiresAt = new Date(input.at.getTime() + overlapMs);
  // A token already expiring sooner keeps its earlier end: rotation never extends a credential.
  await manager.query(
    `UPDATE scim_tokens SET expires_at = $2
      WHERE connection_id = $1 AND (expires_at IS NULL OR expires_at > $2)`,
    [connection.id, expiresAt],
  );
  const { tokenId, token } = await issueScimToken(manager, keyring, connection, input.at);

  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.scim.token_rotated',
    target: { type: 'scim_connection', id: connection.id },
    payload: { tokenId, overlapSeconds: Math.round(overlapMs / 1000) },
    context: input.context,
    at: input.at,
  });
  return { connectionId: connection.id, token, previousTokensExpireAt: expiresAt.toISOString() };
}
