import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** Security and session rules an organization sets for itself. */
export interface OrganizationSecuritySettings {
  ssoEnforced: boolean;
  mfaRequired: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

/** A tenant: every other row belongs to exactly one organization. */
@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** Lower-case, URL-safe, unique; customers type it at `/sso/start?org=`. */
  @Column({ name: 'slug', type: 'text' })
  slug!: string;

  @Column({ name: 'security', type: 'jsonb' })
  security!: OrganizationSecuritySettings;

  /** The general, billing and inference settings documents, each validated on write. */
  @Column({ name: 'settings', type: 'jsonb' })
  settings!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
