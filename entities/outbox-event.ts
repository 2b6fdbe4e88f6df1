import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One change the application may react to (a member provisioned, a team changed…), written in the
 * transaction of the change. Kept after delivery: it is the log a replay reads from.
 */
@Entity({ name: 'outbox' })
export class OutboxEvent {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  /** Position in the organization's event stream, from 1, in commit order. */
  @Column({ name: 'seq', type: 'bigint' })
  seq!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  /** What the application is told: ids, emails, roles; never a secret. */
  @Column({ name: 'payload', type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
