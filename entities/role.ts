import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** Built-in roles every organization has; their permissions come from the catalog, not the row. */
export const BUILTIN_ROLES = ['owner', 'admin', 'member'] as const;
export type BuiltinRoleName = (typeof BUILTIN_ROLES)[number];

/** A named set of permissions from the closed catalog, scoped to one organization. */
@Entity({ name: 'roles' })
export class Role {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'builtin', type: 'boolean' })
  builtin!: boolean;

  /** `resource.action` strings; empty for built-in roles, whose set is fixed in code. */
  @Column({ name: 'permissions', type: 'text', array: true })
  permissions!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
