import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An organization API key acting for one member, with at most that member's permissions. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  /** Also the public id part of the key, `tsk_<id>_<secret>`. */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  /** The member who issued the key; its keys are revoked when that member is deprovisioned. */
  @Column({ name: 'issued_by_member_id', type: 'uuid', nullable: true })
  issuedByMemberId!: string | null;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** The first characters of the key, shown in lists so people can tell keys apart. */
  @Column({ name: 'prefix', type: 'text' })
  prefix!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  /** Which hashing key produced `secretHash`, so keys can rotate. */
  @Column({ name: 'hash_key_id', type: 'text' })
  hashKeyId!: string;

  /** A narrower set than the member's, or null for "all of the member's". */
  @Column({ name: 'permissions', type: 'text', array: true, nullable: true })
  permissions!: string[] | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
