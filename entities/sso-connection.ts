import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SsoProtocol = 'saml' | 'oidc';

/** SAML or OIDC settings of one organization's IdP. Secrets are AES-256-GCM encrypted. */
@Entity({ name: 'sso_connections' })
export class SsoConnection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @Column({ name: 'protocol', type: 'text' })
  protocol!: SsoProtocol;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'enabled', type: 'boolean' })
  enabled!: boolean;

  /** Non-secret settings: entity ids, URLs, certificates, claim policy. */
  @Column({ name: 'config', type: 'jsonb' })
  config!: Record<string, unknown>;

  /** Encrypted secret material (`<keyId>:<iv>:<tag>:<ciphertext>`), or null. */
  @Column({ name: 'encrypted_secret', type: 'text', nullable: true })
  encryptedSecret!: string | null;

  /** Grows with every configuration edit; a connection is enabled only at a tested revision. */
  @Column({ name: 'revision', type: 'integer' })
  revision!: number;

  /** The revision a test sign-in last succeeded with, or null. */
  @Column({ name: 'tested_revision', type: 'integer', nullable: true })
  testedRevision!: number | null;

  @Column({ name: 'tested_at', type: 'timestamptz', nullable: true })
  testedAt!: Date | null;

  /** SAML SP signing key (PEM), AES-256-GCM encrypted with the keyring. */
  @Column({ name: 'sp_private_key_encrypted', type: 'text', nullable: true })
  spPrivateKeyEncrypted!: string | null;

  /** The SP's self-signed certificate (PEM), published in SP metadata. */
  @Column({ name: 'sp_certificate', type: 'text', nullable: true })
  spCertificate!: string | null;

  /** Last successful re-read of the SAML metadata URL. */
  @Column({ name: 'metadata_refreshed_at', type: 'timestamptz', nullable: true })
  metadataRefreshedAt!: Date | null;

  /** Why the last re-read failed; cleared by the next success. */
  @Column({ name: 'metadata_error', type: 'text', nullable: true })
  metadataError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
