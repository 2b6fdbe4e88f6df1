import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A URL of the organization's application that receives its events, signed with a secret. */
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'url', type: 'text' })
  url!: string;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  /** AES-256-GCM, context `webhook_endpoints.secret:<id>`; re-encrypted by key rotation. */
  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted!: string;

  /** Event types sent to this endpoint; empty means all. */
  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ name: 'enabled', type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
