import type { EntityManager } from 'typeorm';

import { NotFoundError } from '../../../errors.js';

/** Where the proof goes: a TXT record under a label of our own, so it clutters no apex record. */
export const VERIFICATION_LABEL = '_tessera';
export const VERIFICATION_PREFIX = 'tessera-verification=';

export interface SsoDomainRow {
  id: string;
  org_id: string;
  connection_id: string | null;
  domain: string;
  verification_token: string;
  verified_at: Date | null;
  created_at: Date;
}

export interface SsoDomainView {
  id: string;
  domain: string;
  connectionId: string | null;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
  /** The DNS record that proves the organization controls the domain. */
  verification: { recordType: 'TXT'; recordName: string; recordValue: string };
}

const SELECT_DOMAIN = `SELECT id, org_id, connection_id, domain, verification_token, verified_at,
    created_at FROM sso_domains`;

export function viewSsoDomain(row: SsoDomainRow): SsoDomainView {
  return {
    id: row.id,
    domain: row.domain,
    connectionId: row.connection_id,
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at === null ? null : new Date(row.verified_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    verification: {
      recordType: 'TXT',
      recordName: `${VERIFICATION_LABEL}.${row.domain}`,
      recordValue: `${VERIFICATION_PREFIX}${row.verification_token}`,
    },
  };
}

export async function listSsoDomains(
  manager: EntityManager,
  orgId: string,
): Promise<SsoDomainView[]> {
  const rows = await manager.query(`${SELECT_DOMAIN} WHERE org_id = $1 ORDER BY created_at, id`, [
    orgId,
  ]);
  return rows.map(viewSsoDomain);
}

/** One domain of the organization (locked when asked); another organization's is 404. */
export async function findSsoDomain(
  manager: EntityManager,
  orgId: string,
  domainId: string,
  options: { forUpdate?: boolean } = {},
): Promise<SsoDomainRow> {
  const [row] = await manager.query(
    `${SELECT_DOMAIN} WHERE id = $1 AND org_id = $2 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    [domainId, orgId],
  );
  if (!row) throw new NotFoundError('no such domain in this organization');
  return row;
}
