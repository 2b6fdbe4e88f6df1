import type { EntityManager } from 'typeorm';

import { decryptSecret } from '../../secrets/encryption.js';
import type { Keyring } from '../../secrets/keyring.js';
import { decodeBase32 } from './base32.js';
import { totpSecretContext } from './issue-credential.js';
import { matchTotpStep } from './totp.js';

/** A break-glass credential with what decides whether it may sign in now. */
export interface BreakGlassAccount {
  memberId: string;
  orgId: string;
  orgSlug: string;
  email: string;
  userName: string;
  passwordHash: string;
  totpSecretEncrypted: string;
  totpLastStep: number;
  /** DESIGN rule 4: only an active member who still holds the owner role. */
  eligible: boolean;
}

/** The credential of `email` (case-insensitive) in the organization `slug`, if there is one. */
export async function findBreakGlassAccount(
  manager: EntityManager,
  slug: string,
  email: string,
): Promise<BreakGlassAccount | undefined> {
  const [row] = await manager.query(
    `SELECT c.member_id, c.org_id, o.slug, c.email, m.user_name, c.password_hash,
            c.totp_secret_encrypted, c.totp_last_step::text AS totp_last_step,
            (m.status = 'active' AND r.builtin AND r.name = 'owner') AS eligible
       FROM break_glass_credentials c
       JOIN organizations o ON o.id = c.org_id
       JOIN members m ON m.id = c.member_id AND m.org_id = c.org_id
       JOIN roles r ON r.id = m.role_id
      WHERE o.slug = $1 AND lower(c.email) = lower($2) AND m.deleted_at IS NULL`,
    [slug, email],
  );
  if (!row) return undefined;
  return {
    memberId: row.member_id,
    orgId: row.org_id,
    orgSlug: row.slug,
    email: row.email,
    userName: row.user_name,
    passwordHash: row.password_hash,
    totpSecretEncrypted: row.totp_secret_encrypted,
    totpLastStep: Number(row.totp_last_step),
    eligible: row.eligible === true,
  };
}

/** The time step the code proves, if it is valid now and newer than the last one accepted. */
export function matchAccountCode(
  keyring: Keyring,
  account: BreakGlassAccount,
  code: string,
  at: Date,
): number | undefined {
  const secret = decryptSecret(
    keyring,
    account.totpSecretEncrypted,
    totpSecretContext(account.memberId),
  );
  return matchTotpStep(decodeBase32(secret), code, at, account.totpLastStep);
}
