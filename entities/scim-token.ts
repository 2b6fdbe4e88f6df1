import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A bearer token of a SCIM connection, `tss_<id>_<secret>`. Only a keyed hash of the secret is
 * stored; rotation sets `expiresAt` on the old token so the IdP can switch over.
 */
@Entity({ name: 'scim_tokens' })
export class ScimToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ name: 'hash_key_id', type: 'text' })
  hashKeyId!: string;

  /** Null while current; set when a rotation starts the overlap window. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
