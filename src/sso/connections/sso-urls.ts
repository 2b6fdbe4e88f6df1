/** The OIDC redirect URI of a connection: what an admin registers at their IdP. */
export function oidcCallbackUrl(publicUrl: string, connectionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/sso/oidc/${connectionId}/callback`;
}
