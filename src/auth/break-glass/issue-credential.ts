import type { EntityManager } from 'typeorm';

import { encryptSecret } from '../../secrets/encryption.js';
import type { Keyring } from '../../secrets/keyring.js';
import { generateBreakGlassPassword, hashBreakGlassPassword } from './break-glass-password.js';
import { formatOtpauthUri, generateTotpSecret } from './totp.js';

/** What the operator is shown once: nothing here is stored readable. */
export interface IssuedBreakGlassCredential {
  memberId: string;
  email: string;
  password: string;
  totpSecret: string;
  otpauthUri: string;
}

/** The authenticated-encryption context of a TOTP secret: it opens only in its own row. */
export function totpSecretContext(memberId: string): string {
  return `break-glass-totp:${memberId}`;
}

/**
 * Gives a member a new break-glass password and TOTP secret, replacing any earlier ones (the
 * replay marker starts over with the new secret). Stores the argon2id hash and the encrypted
 * secret; returns the readable values for the operator to hand over once.
 */
export async function issueBreakGlassCredential(
  manager: EntityManager,
  keyring: Keyring,
  input: { orgId: string; orgSlug: string; memberId: string; email: string; at: Date },
): Promise<IssuedBreakGlassCredential> {
  const password = generateBreakGlassPassword();
  const totpSecret = generateTotpSecret();
  const passwordHash = await hashBreakGlassPassword(password);
  const encrypted = encryptSecret(keyring, totpSecret, totpSecretContext(input.memberId));

  await manager.query(
    `INSERT INTO break_glass_credentials (member_id, org_id, email, password_hash,
       totp_secret_encrypted, totp_last_step, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 0, $6, $6)
     ON CONFLICT (member_id) DO UPDATE SET password_hash = EXCLUDED.password_hash,
       totp_secret_encrypted = EXCLUDED.totp_secret_encrypted, totp_last_step = 0,
       updated_at = EXCLUDED.updated_at`,
    [input.memberId, input.orgId, input.email, passwordHash, encrypted, input.at],
  );
  const otpauthUri = formatOtpauthUri({
    issuer: `Tessera ${input.orgSlug}`,
    account: input.email,
    secret: totpSecret,
  });
  return { memberId: input.memberId, email: input.email, password, totpSecret, otpauthUri };
}
