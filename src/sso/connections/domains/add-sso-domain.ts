import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { EntityManager } from 'typeorm';

import type { AuditedChange } from '../../../access/audited-change.js';
import { recordAuditEvent } from '../../../audit/record-audit-event.js';
import { ConflictError, ValidationError } from '../../../errors.js';
import { viewSsoDomain, type SsoDomainView } from './sso-domain-view.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DOMAIN = 253;

/**
 * An email domain as DNS knows it: lower case, IDNs in their ASCII (punycode) form, no trailing
 * dot, at least two labels (RFC 1035 §2.3.4 limits; RFC 5890 for IDNs). A bare TLD, an IP
 * address or a wildcard is refused: none of them names one organization's mailboxes.
 */
export function normalizeDomain(input: string): string {
  const ascii = domainToASCII(input.trim().replace(/\.$/, '').toLowerCase());
  const labels = ascii.split('.');
  const valid =
    ascii.length > 0 &&
    ascii.length <= MAX_DOMAIN &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1]!);
  if (!valid) throw new ValidationError('domain: must be a domain name such as example.com');
  return ascii;
}

/**
 * Claims an email domain for the organization, pending proof: the admin publishes the returned
 * TXT record, then asks for verification. Claiming is free; only a verified domain routes
 * sign-ins, and only one organization can hold it verified.
 */
export async function addSsoDomain(
  manager: EntityManager,
  input: AuditedChange & { domain: string; connectionId: string | null },
): Promise<SsoDomainView> {
  const domain = normalizeDomain(input.domain);
  if (input.connectionId) await assertOwnConnection(manager, input.orgId, input.connectionId);
  // ON CONFLICT rather than a look-up first: two adds at once would both find nothing, and the
  // loser's unique violation would be a 500 instead of the 409 a duplicate gets.
  const [row] = await manager.query(
    `INSERT INTO sso_domains (org_id, connection_id, domain, verification_token, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, domain) DO NOTHING
     RETURNING id, org_id, connection_id, domain, verification_token, verified_at, created_at`,
    [input.orgId, input.connectionId, domain, randomBytes(24).toString('base64url'), input.at],
  );
  if (!row) throw new ConflictError(`${domain} is already listed`, 'domain_exists');
  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.sso.domain_added',
    target: { type: 'sso_domain', id: row.id },
    payload: { domain, connectionId: input.connectionId },
    context: input.context,
    at: input.at,
  });
  return viewSsoDomain(row);
}

async function assertOwnConnection(manager: EntityManager, orgId: string, connectionId: string) {
  const [row] = await manager.query(
    'SELECT id FROM sso_connections WHERE id = $1 AND org_id = $2',
    [connectionId, orgId],
  );
  if (!row) throw new ValidationError('connectionId: no such SSO connection here');
}
