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

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
