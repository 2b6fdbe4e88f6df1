import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MemberStatus = 'active' | 'suspended' | 'deprovisioned';
export type MemberSource = 'scim' | 'sso_jit' | 'invitation' | 'bootstrap';

/** One element of a SCIM multi-valued attribute (emails, phoneNumbers, addresses, …). */
export type MultiValue = Record<string, unknown>;

/**
 * A person's membership of one organization, with the SCIM User attributes as relational
 * columns so filters run in SQL. Multi-valued attributes are JSONB arrays of their elements.
 */
@Entity({ name: 'members' })
export class Member {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId!: string;

  @Column({ name: 'status', type: 'text' })
  status!: MemberStatus;

  @Column({ name: 'source', type: 'text' })
  source!: MemberSource;

  /** The directory that manages this member, if any. */
  @Column({ name: 'scim_connection_id', type: 'uuid', nullable: true })
  scimConnectionId!: string | null;

  @Column({ name: 'user_name', type: 'text' })
  userName!: string;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'name_formatted', type: 'text', nullable: true })
  nameFormatted!: string | null;

  @Column({ name: 'name_family_name', type: 'text', nullable: true })
  nameFamilyName!: string | null;

  @Column({ name: 'name_given_name', type: 'text', nullable: true })
  nameGivenName!: string | null;

  @Column({ name: 'name_middle_name', type: 'text', nullable: true })
  nameMiddleName!: string | null;

  @Column({ name: 'name_honorific_prefix', type: 'text', nullable: true })
  nameHonorificPrefix!: string | null;

  @Column({ name: 'name_honorific_suffix', type: 'text', nullable: true })
  nameHonorificSuffix!: string | null;

  @Column({ name: 'nick_name', type: 'text', nullable: true })
  nickName!: string | null;

  @Column({ name: 'profile_url', type: 'text', nullable: true })
  profileUrl!: string | null;

  @Column({ name: 'title', type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'user_type', type: 'text', nullable: true })
  userType!: string | null;

  @Column({ name: 'preferred_language', type: 'text', nullable: true })
  preferredLanguage!: string | null;

  @Column({ name: 'locale', type: 'text', nullable: true })
  locale!: string | null;

  @Column({ name: 'timezone', type: 'text', nullable: true })
  timezone!: string | null;

  @Column({ name: 'emails', type: 'jsonb' })
  emails!: MultiValue[];

  @Column({ name: 'phone_numbers', type: 'jsonb' })
  phoneNumbers!: MultiValue[];

  @Column({ name: 'ims', type: 'jsonb' })
  ims!: MultiValue[];

  @Column({ name: 'photos', type: 'jsonb' })
  photos!: MultiValue[];

  @Column({ name: 'addresses', type: 'jsonb' })
  addresses!: MultiValue[];

  @Column({ name: 'entitlements', type: 'jsonb' })
  entitlements!: MultiValue[];

  @Column({ name: 'scim_roles', type: 'jsonb' })
  scimRoles!: MultiValue[];

  @Column({ name: 'x509_certificates', type: 'jsonb' })
  x509Certificates!: MultiValue[];

  @Column({ name: 'employee_number', type: 'text', nullable: true })
  employeeNumber!: string | null;

  @Column({ name: 'cost_center', type: 'text', nullable: true })
  costCenter!: string | null;

  @Column({ name: 'organization_name', type: 'text', nullable: true })
  organizationName!: string | null;

  @Column({ name: 'division', type: 'text', nullable: true })
  division!: string | null;

  @Column({ name: 'department', type: 'text', nullable: true })
  department!: string | null;

  /** Enterprise `manager.value`: another member of the same organization. */
  @Column({ name: 'manager_id', type: 'uuid', nullable: true })
  managerId!: string | null;

  /** A SCIM-supplied password, kept only as a scrypt hash; never returned. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  /** Bumped on every change; SCIM `meta.version` and the `ETag`. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Set by SCIM DELETE: the row stays for the audit trail, the SCIM resource is gone. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
