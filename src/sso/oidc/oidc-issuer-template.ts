import { oidcError } from './oidc-errors.js';

/** Entra ID's multi-tenant issuer placeholder (`…/{tenantid}/v2.0`). */
export const TENANT_PLACEHOLDER = '{tenantid}';

/** Entra's tenant ids are GUIDs; anything else cannot be a tenant and is not substituted. */
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isIssuerTemplate(issuer: string): boolean {
  return issuer.includes(TENANT_PLACEHOLDER);
}

/**
 * The concrete issuer for tenant `tid` under a template, or a refusal. A multi-tenant endpoint
 * signs tokens for every Entra tenant in the world, so accepting the template as such would let
 * any tenant's users in: only tenants the connection lists are accepted, and the token's `iss`
 * must then be exactly the template with that tenant (the `tid` claim) filled in.
 */
export function tenantIssuer(template: string, tid: unknown, allowedTenantIds: string[]): string {
  if (typeof tid !== 'string' || !TENANT_ID.test(tid)) {
    throw oidcError('oidc_tenant_refused', { reason: 'no tenant id in the ID token' });
  }
  const allowed = allowedTenantIds.some((id) => id.toLowerCase() === tid.toLowerCase());
  if (!allowed) throw oidcError('oidc_tenant_refused', { tenantId: tid });
  return template.replace(TENANT_PLACEHOLDER, tid);
}
