import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SessionMethod = 'sso_saml' | 'sso_oidc' | 'break_glass';

/** A signed-in member, stored server-side so any instance sees it and it can be revoked. */
@Entity({ name: 'sessions' })
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  /** Keyed hash of the cookie value; the cookie itself is never stored. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'method', type: 'text' })
  method!: SessionMethod;

  /** The MFA evidence the IdP sent (amr/acr/AuthnContextClassRef values). */
  @Column({ name: 'mfa_evidence', type: 'jsonb' })
  mfaEvidence!: string[];

  @Column({ name: 'authenticated_at', type: 'timestamptz' })
  authenticatedAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'idle_expires_at', type: 'timestamptz' })
  idleExpiresAt!: Date;

  @Column({ name: 'absolute_expires_at', type: 'timestamptz' })
  absoluteExpiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
