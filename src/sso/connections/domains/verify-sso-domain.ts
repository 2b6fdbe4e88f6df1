import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../../access/audited-change.js';
import { recordAuditEvent } from '../../../audit/record-audit-event.js';
import { ConflictError } from '../../../errors.js';
import {
  findSsoDomain,
  VERIFICATION_LABEL,
  VERIFICATION_PREFIX,
  viewSsoDomain,
  type SsoDomainRow,
  type SsoDomainView,
} from './sso-domain-view.js';

export type ResolveTxt = (name: string) => Promise<string[][]>;

const NO_RECORD_CODES = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/**
 * Looks for the domain's proof in DNS. Run before the write transaction: a slow resolver must
 * not hold a row lock. Long TXT values arrive split in 255-byte strings (RFC 1035 §3.3.14), so
 * each record's strings are joined before comparing.
 */
export async function findVerificationRecord(
  resolveTxt: ResolveTxt,
  row: SsoDomainRow,
): Promise<void> {
  const name = `${VERIFICATION_LABEL}.${row.domain}`;
  const expected = `${VERIFICATION_PREFIX}${row.verification_token}`;
  let records: string[][];
  try {
    records = await resolveTxt(name);
  } catch (e: unknown) {
    const code = String((e as { code?: unknown }).code ?? 'error');
    const reason = NO_RECORD_CODES.has(code)
      ? 'has no TXT record'
      : `could not be looked up (${code})`;
    throw new ConflictError(`${name} ${reason}; publish ${expected} there`, 'verification_failed');
  }
  if (!records.some((chunks) => chunks.join('') === expected)) {
    throw new ConflictError(`${name} does not hold TXT "${expected}" yet`, 'verification_failed');
  }
}

/**
 * Marks a domain verified once its TXT record is seen. A domain verified by another organization
 * stays theirs (one owner per domain, enforced by a unique index): 409 `domain_claimed`.
 */
export async function markSsoDomainVerified(
  manager: EntityManager,
  input: AuditedChange & { domainId: string },
): Promise<SsoDomainView> {
  const row = await findSsoDomain(manager, input.orgId, input.domainId, { forUpdate: true });
  if (row.verified_at !== null) return viewSsoDomain(row);
  const [claimed] = await manager.query(
    `SELECT 1 FROM sso_domains WHERE domain = $1 AND verified_at IS NOT NULL AND org_id <> $2`,
    [row.domain, input.orgId],
  );
  if (claimed) throw domainClaimedError(row.domain);

  await manager.query('UPDATE sso_domains SET verified_at = $2 WHERE id = $1', [row.id, input.at]);
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.sso.domain_verified',
    target: { type: 'sso_domain', id: row.id },
    payload: { domain: row.domain },
    context: input.context,
    at: input.at,
  });
  return viewSsoDomain({ ...row, verified_at: input.at });
}

export function domainClaimedError(domain: string): ConflictError {
  return new ConflictError(
    `${domain} is verified by another organization; it must remove it first`,
    'domain_claimed',
  );
}
