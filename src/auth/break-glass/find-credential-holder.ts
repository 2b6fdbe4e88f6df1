import type { EntityManager } from 'typeorm';

import { RuleViolationError } from '../../errors.js';

/** The member `break-glass reset --email` is about, and what decides what may be done for them. */
export interface CredentialHolder {
  memberId: string;
  /** The email to sign in with: the credential's, or the member's value that matched. */
  email: string;
  /** Whether the member already holds a credential (a reset) or not yet (a first issue). */
  hasCredential: boolean;
  /** DESIGN rule 4: only an active member with the built-in owner role may hold one. */
  activeOwner: boolean;
}

const ACTIVE_OWNER = `(m.status = 'active' AND r.builtin AND r.name = 'owner')`;

const BY_CREDENTIAL = `
  SELECT c.member_id, c.email, ${ACTIVE_OWNER} AS active_owner
    FROM break_glass_credentials c
    JOIN members m ON m.id = c.member_id AND m.org_id = c.org_id
    JOIN roles r ON r.id = m.role_id
   WHERE c.org_id = $1 AND lower(c.email) = lower($2) AND m.deleted_at IS NULL
     FOR UPDATE OF c`;

// RFC 7643 §2.4: the primary email is the value marked `primary`, else the first one.
const BY_MEMBER = `
  SELECT m.id AS member_id, c.email AS credential_email, ${ACTIVE_OWNER} AS active_owner,
         lower(m.user_name) = lower($2) AS by_user_name,
         CASE WHEN lower(m.user_name) = lower($2) THEN m.user_name ELSE p.email END AS matched
    FROM members m
    JOIN roles r ON r.id = m.role_id
    LEFT JOIN break_glass_credentials c ON c.member_id = m.id
    CROSS JOIN LATERAL (
      SELECT coalesce(
        (SELECT e->>'value' FROM jsonb_array_elements(m.emails) e
          WHERE e->>'primary' = 'true' LIMIT 1),
        m.emails->0->>'value') AS email
    ) p
   WHERE m.org_id = $1 AND m.deleted_at IS NULL
     AND (lower(m.user_name) = lower($2) OR lower(p.email) = lower($2))
   ORDER BY m.created_at, m.id
     FOR UPDATE OF m`;

interface MemberMatch {
  member_id: string;
  credential_email: string | null;
  active_owner: boolean;
  by_user_name: boolean;
  matched: string;
}

/**
 * Whom `email` names in the organization, case-insensitively, row locked: the holder of the
 * break-glass credential with that email; else the member whose userName is it (unique); else
 * the one member whose primary email is it. Several owners sharing a primary email is refused:
 * the operator names one by userName.
 */
export async function findCredentialHolder(
  manager: EntityManager,
  orgId: string,
  email: string,
): Promise<CredentialHolder | undefined> {
  const [held] = await manager.query(BY_CREDENTIAL, [orgId, email]);
  if (held) {
    const activeOwner = held.active_owner === true;
    return { memberId: held.member_id, email: held.email, hasCredential: true, activeOwner };
  }

  const rows: MemberMatch[] = await manager.query(BY_MEMBER, [orgId, email]);
  const byUserName = rows.find((row) => row.by_user_name);
  const owners = rows.filter((row) => row.active_owner === true);
  if (!byUserName && owners.length > 1) {
    throw new RuleViolationError(
      'ambiguous_member',
      `${owners.length} owners have the primary email "${email}": name one by userName`,
    );
  }
  const match = byUserName ?? owners[0] ?? rows[0];
  if (!match) return undefined;
  return {
    memberId: match.member_id,
    email: match.credential_email ?? match.matched,
    hasCredential: match.credential_email !== null,
    activeOwner: match.active_owner === true,
  };
}
