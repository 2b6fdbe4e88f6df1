import type { EntityManager } from 'typeorm';

import { SsoError } from '../sso-errors.js';
import type { SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';

/** The member an identity resolved to, and how. */
export interface LinkedMember {
  memberId: string;
  status: 'active' | 'suspended' | 'deprovisioned';
  via: 'link' | 'external_id' | 'user_name' | 'email';
}

/**
 * Finds the member an IdP subject is: first by a remembered link (connection, subject), else by
 * the member's SCIM `externalId` or `userName` equal to the subject, else by `userName` equal to
 * the IdP's email — always within the connection's organization only, so an email claim never
 * reaches across organizations (issue 4, "Identity"). Deleted members never match; the
 * break-glass owner is only reachable by an explicit link, so an IdP account that merely
 * carries the owner's address cannot become the owner. Neither is a member already linked to
 * another connection of the organization: that IdP vouches for them, and a second IdP that
 * asserts their address or user name (its own users' profiles, a partner's directory) must not
 * sign in as them. Deleting that connection drops its links, which is how an IdP migrates.
 */
export async function findLinkedMember(
  manager: EntityManager,
  connection: SsoConnectionRecord,
  identity: VerifiedIdentity,
): Promise<LinkedMember | undefined> {
  const [linked] = await manager.query(
    `SELECT m.id, m.status FROM sso_identities i JOIN members m ON m.id = i.member_id
      WHERE i.connection_id = $1 AND i.subject = $2 AND m.org_id = $3 AND m.deleted_at IS NULL`,
    [connection.id, identity.subject, connection.orgId],
  );
  if (linked) return { memberId: linked.id, status: linked.status, via: 'link' };
  return matchByProfile(manager, connection, identity);
}

/** Ranks the candidates; two members equally good is ambiguous and refused, never guessed. */
async function matchByProfile(
  manager: EntityManager,
  connection: SsoConnectionRecord,
  identity: VerifiedIdentity,
): Promise<LinkedMember | undefined> {
  const rows: { id: string; status: LinkedMember['status']; rank: number }[] = await manager.query(
    `SELECT m.id, m.status,
              CASE WHEN m.external_id = $2 THEN 1
                   WHEN lower(m.user_name) = lower($2) THEN 2
                   ELSE 3 END AS rank
         FROM members m
        WHERE m.org_id = $1 AND m.deleted_at IS NULL
          AND (m.external_id = $2 OR lower(m.user_name) = lower($2)
               OR ($3::text IS NOT NULL AND lower(m.user_name) = lower($3::text)))
          AND NOT EXISTS (SELECT 1 FROM break_glass_credentials b WHERE b.member_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM sso_identities i
                           WHERE i.member_id = m.id AND i.connection_id <> $4)
        ORDER BY rank LIMIT 5`,
    [connection.orgId, identity.subject, identity.email, connection.id],
  );
  const best = rows.filter((r) => Number(r.rank) === Number(rows[0]?.rank));
  if (best.length === 0) return undefined;
  if (best.length > 1) {
    throw new SsoError(
      'sso_link_ambiguous',
      'Your sign-in matches more than one account in this organization. Ask your ' +
        'administrator to resolve the duplicate accounts.',
      409,
      { candidates: best.length },
    );
  }
  const via = (['external_id', 'user_name', 'email'] as const)[Number(best[0]!.rank) - 1]!;
  return { memberId: best[0]!.id, status: best[0]!.status, via };
}

/**
 * Remembers the link so later sign-ins find the member even after a rename. A link to a member
 * since deleted is moved to the member this sign-in resolved to.
 */
export async function rememberLink(
  manager: EntityManager,
  connection: SsoConnectionRecord,
  subject: string,
  memberId: string,
  at: Date,
): Promise<void> {
  await manager.query(
    `INSERT INTO sso_identities (org_id, connection_id, subject, member_id, created_at,
       last_sign_in_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (connection_id, subject)
       DO UPDATE SET member_id = EXCLUDED.member_id, last_sign_in_at = EXCLUDED.last_sign_in_at`,
    [connection.orgId, connection.id, subject, memberId, at],
  );
}
