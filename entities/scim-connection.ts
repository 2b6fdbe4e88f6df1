import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A directory (IdP) that provisions one organization over SCIM. */
@Entity({ name: 'scim_connections' })
export class ScimConnection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
