import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The local factor of a break-glass owner: argon2id password and an encrypted TOTP secret. */
@Entity({ name: 'break_glass_credentials' })
export class BreakGlassCredential {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'email', type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'totp_secret_encrypted', type: 'text' })
  totpSecretEncrypted!: string;

  /** The last TOTP time step accepted, so a code cannot be replayed (RFC 6238 §5.2). */
  @Column({ name: 'totp_last_step', type: 'bigint' })
  totpLastStep!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
