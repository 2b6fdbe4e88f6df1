import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../../access/audited-change.js';
import { recordAuditEvent } from '../../../audit/record-audit-event.js';
import { findSsoDomain } from './sso-domain-view.js';

/** Drops a domain; `/sso/start?email=` stops routing it at once. */
export async function removeSsoDomain(
  manager: EntityManager,
  input: AuditedChange & { domainId: string },
): Promise<void> {
  const row = await findSsoDomain(manager, input.orgId, input.domainId, { forUpdate: true });
  await manager.query('DELETE FROM sso_domains WHERE id = $1', [row.id]);
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.sso.domain_removed',
    target: { type: 'sso_domain', id: row.id },
    payload: { domain: row.domain, wasVerified: row.verified_at !== null },
    context: input.context,
    at: input.at,
  });
}
