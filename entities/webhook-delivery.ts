import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event for one endpoint: the worker's queue (pending rows, claimed by lease) and the
 * delivery log an admin reads (status, attempts, last error).
 */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  /** The event's `seq`: an endpoint's deliveries go out in this order. */
  @Column({ name: 'seq', type: 'bigint' })
  seq!: string;

  @Column({ name: 'status', type: 'text' })
  status!: WebhookDeliveryStatus;

  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** Which worker holds the delivery, and until when; null when nobody does. */
  @Column({ name: 'lease_id', type: 'uuid', nullable: true })
  leaseId!: string | null;

  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
