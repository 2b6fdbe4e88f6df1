import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AuditActorType = 'member' | 'api_key' | 'scim_connection' | 'operator' | 'system';

/**
 * One privileged action. Append-only: the database refuses UPDATE and DELETE, and each row holds
 * the hash of the previous row of its organization so a gap or an edit shows.
 */
@Entity({ name: 'audit_events' })
export class AuditEvent {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  /** Position in the organization's chain, from 1. */
  @Column({ name: 'seq', type: 'bigint' })
  seq!: string;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: AuditActorType;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'action', type: 'text' })
  action!: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId!: string | null;

  /** Flat facts about the change: ids, roles, emails; never a secret. */
  @Column({ name: 'payload', type: 'jsonb' })
  payload!: Record<string, string | number | boolean | null>;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'ip', type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ name: 'hash', type: 'text' })
  hash!: string;
}
