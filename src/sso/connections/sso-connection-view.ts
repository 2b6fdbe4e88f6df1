import type { EntityManager } from 'typeorm';

import { NotFoundError } from '../../errors.js';
import { samlSpUrls } from '../saml/index.js';
import type {
  OidcConnectionConfig,
  SamlConnectionConfig,
  SsoConnectionRecord,
} from '../sso-types.js';
import { describeCertificate } from './certificates.js';
import { listSsoConnections, loadSsoConnection } from './load-sso-connection.js';
import { oidcCallbackUrl } from './sso-urls.js';

/** A connection as the admin API shows it: settings, where to paste what, never a secret. */
export interface SsoConnectionView {
  id: string;
  protocol: 'saml' | 'oidc';
  name: string;
  enabled: boolean;
  revision: number;
  testedRevision: number | null;
  testedAt: string | null;
  createdAt: string;
  updatedAt: string;
  jitEnabled: boolean;
  groupRoleMappings: SamlConnectionConfig['groupRoleMappings'];
  mfa: SamlConnectionConfig['mfa'];
  attributeMapping: SamlConnectionConfig['attributeMapping'];
  saml?: Record<string, unknown>;
  oidc?: Record<string, unknown>;
}

/** Columns the view needs besides the decoded record. */
interface ConnectionTimes {
  tested_at: Date | null;
  created_at: Date;
  updated_at: Date;
  metadata_refreshed_at: Date | null;
  metadata_error: string | null;
}

export async function readConnectionTimes(
  manager: EntityManager,
  connectionId: string,
): Promise<ConnectionTimes> {
  const [row] = await manager.query(
    `SELECT tested_at, created_at, updated_at, metadata_refreshed_at, metadata_error
       FROM sso_connections WHERE id = $1`,
    [connectionId],
  );
  return row;
}

export function viewSsoConnection(
  record: SsoConnectionRecord,
  times: ConnectionTimes,
  publicUrl: string,
): SsoConnectionView {
  const { jitEnabled, groupRoleMappings, mfa, attributeMapping } = record.config;
  return {
    id: record.id,
    protocol: record.protocol,
    name: record.name,
    enabled: record.enabled,
    revision: record.revision,
    testedRevision: record.testedRevision,
    testedAt: iso(times.tested_at),
    createdAt: iso(times.created_at)!,
    updatedAt: iso(times.updated_at)!,
    jitEnabled,
    groupRoleMappings,
    mfa,
    attributeMapping,
    ...(record.protocol === 'saml'
      ? { saml: viewSaml(record, times, publicUrl) }
      : { oidc: viewOidc(record, publicUrl) }),
  };
}

function viewSaml(record: SsoConnectionRecord, times: ConnectionTimes, publicUrl: string) {
  const config = record.config as SamlConnectionConfig;
  return {
    idpEntityId: config.idpEntityId,
    idpSsoUrl: config.idpSsoUrl,
    idpSloUrl: config.idpSloUrl,
    idpCertificates: config.idpCertificates.map(describeCertificate),
    metadataUrl: config.metadataUrl,
    metadataRefreshedAt: iso(times.metadata_refreshed_at),
    metadataError: times.metadata_error,
    allowSignedResponseOnly: config.allowSignedResponseOnly,
    allowIdpInitiated: config.allowIdpInitiated,
    allowSha1: config.allowSha1,
    clockSkewSeconds: config.clockSkewSeconds,
    nameIdFormat: config.nameIdFormat,
    requestedAuthnContext: config.requestedAuthnContext,
    sp: { ...samlSpUrls(publicUrl, record.id), certificate: record.spCertificate },
  };
}

function viewOidc(record: SsoConnectionRecord, publicUrl: string) {
  const config = record.config as OidcConnectionConfig;
  return {
    issuer: config.issuer,
    clientId: config.clientId,
    hasClientSecret: record.encryptedSecret !== null,
    scopes: config.scopes,
    tokenEndpointAuthMethod: config.tokenEndpointAuthMethod,
    allowedTenantIds: config.allowedTenantIds,
    requestAcrValues: config.requestAcrValues,
    callbackUrl: oidcCallbackUrl(publicUrl, record.id),
  };
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** Every connection of an organization, as the admin API lists them (oldest first). */
export async function listSsoConnectionViews(
  manager: EntityManager,
  orgId: string,
  publicUrl: string,
): Promise<SsoConnectionView[]> {
  const records = await listSsoConnections(manager, orgId);
  const views: SsoConnectionView[] = [];
  for (const record of records) {
    views.push(viewSsoConnection(record, await readConnectionTimes(manager, record.id), publicUrl));
  }
  return views;
}

/** One connection of the organization, or 404 (another organization's id included). */
export async function readSsoConnectionView(
  manager: EntityManager,
  orgId: string,
  connectionId: string,
  publicUrl: string,
): Promise<SsoConnectionView> {
  const record = await loadOrgConnection(manager, orgId, connectionId);
  return viewSsoConnection(record, await readConnectionTimes(manager, record.id), publicUrl);
}

export async function loadOrgConnection(
  manager: EntityManager,
  orgId: string,
  connectionId: string,
): Promise<SsoConnectionRecord> {
  const record = await loadSsoConnection(manager, connectionId);
  if (!record || record.orgId !== orgId) {
    throw new NotFoundError('no such SSO connection in this organization');
  }
  return record;
}
