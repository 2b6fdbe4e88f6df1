import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A group of members; SCIM Groups are teams managed by their directory. */
@Entity({ name: 'teams' })
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  /** Set when a SCIM directory owns this team; manual membership changes are then refused. */
  @Column({ name: 'scim_connection_id', type: 'uuid', nullable: true })
  scimConnectionId!: string | null;

  /** A role granted to every member of this team, when an admin maps the group to one. */
  @Column({ name: 'mapped_role_id', type: 'uuid', nullable: true })
  mappedRoleId!: string | null;

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
