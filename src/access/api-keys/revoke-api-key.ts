import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { isUuid } from '../../db/uuid.js';
import { NotFoundError } from '../../errors.js';
import type { RequestContext } from '../../ops/request-context.js';

export const REVOKED_BY_ADMIN = 'revoked_by_admin';

/**
 * Revokes a key: it stops at the next request, since resolution checks `revoked_at` every
 * time. The row stays for the trail. Revoking a revoked key changes nothing and records nothing,
 * so a retried DELETE is harmless.
 */
export async function revokeApiKey(
  manager: EntityManager,
  input: { orgId: string; keyId: string; actor: AuditActor; context?: RequestContext; at: Date },
): Promise<void> {
  const [key] = isUuid(input.keyId)
    ? await manager.query(
        `SELECT id, name, member_id, revoked_at FROM api_keys
          WHERE id = $1 AND org_id = $2 FOR UPDATE`,
        [input.keyId, input.orgId],
      )
    : [];
  if (!key) throw new NotFoundError('no such API key in this organization');
  if (key.revoked_at !== null) return;

  await manager.query('UPDATE api_keys SET revoked_at = $2, revoked_reason = $3 WHERE id = $1', [
    key.id,
    input.at,
    REVOKED_BY_ADMIN,
  ]);
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.api_key.deleted',
    target: { type: 'api_key', id: key.id },
    payload: { name: key.name, memberId: key.member_id, reason: REVOKED_BY_ADMIN },
    context: input.context,
    at: input.at,
  });
}
