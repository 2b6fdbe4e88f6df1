import type { EntityManager } from 'typeorm';

import {
  AlreadyInvitedError,
  AlreadyMemberError,
  EmailDomainNotAllowedError,
} from './invitation-errors.js';

/**
 * The organization's optional allowlist, `settings.general.allowedEmailDomains`: absent or empty
 * admits any domain; otherwise the address's domain must be one of them exactly (a subdomain is
 * another domain).
 */
export async function assertEmailDomainAllowed(
  manager: EntityManager,
  orgId: string,
  email: string,
): Promise<void> {
  const [row] = await manager.query(
    `SELECT settings->'general'->'allowedEmailDomains' AS domains FROM organizations
      WHERE id = $1`,
    [orgId],
  );
  const domains: unknown = row?.domains;
  if (!Array.isArray(domains) || domains.length === 0) return;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const allowed = domains.filter((d): d is string => typeof d === 'string');
  if (!allowed.some((d) => d.toLowerCase() === domain)) {
    throw new EmailDomainNotAllowedError(domain);
  }
}

/**
 * Serialises invitations and acceptances for one address in one organization (no unique index can
 * say "one pending invitation per address"); released at commit or rollback.
 */
export async function lockInvitee(
  manager: EntityManager,
  orgId: string,
  email: string,
): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [
    `${orgId}:${email.toLowerCase()}`,
  ]);
}

/** A live member already answers to this address, as userName or as an email. */
export async function assertNotAMember(
  manager: EntityManager,
  orgId: string,
  email: string,
): Promise<void> {
  const [row] = await manager.query(
    `SELECT m.status FROM members m
      WHERE m.org_id = $1 AND m.deleted_at IS NULL
        AND (lower(m.user_name) = lower($2)
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(m.emails) e
                      WHERE lower(e->>'value') = lower($2)))
      ORDER BY (m.status = 'active') DESC LIMIT 1`,
    [orgId, email],
  );
  if (row) throw new AlreadyMemberError(row.status === 'active');
}

/** Another pending, unexpired invitation to the same address, other than `exceptId`. */
export async function assertNoPendingInvitation(
  manager: EntityManager,
  input: { orgId: string; email: string; at: Date; exceptId?: string },
): Promise<void> {
  const [row] = await manager.query(
    `SELECT 1 FROM invitations
      WHERE org_id = $1 AND lower(email) = lower($2) AND status = 'pending' AND expires_at > $3
        AND ($4::uuid IS NULL OR id <> $4::uuid)`,
    [input.orgId, input.email, input.at, input.exceptId ?? null],
  );
  if (row) throw new AlreadyInvitedError();
}
