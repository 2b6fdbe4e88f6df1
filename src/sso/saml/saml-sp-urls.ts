/** The URLs of our SP for one connection: what an admin pastes into their IdP. */
export interface SamlSpUrls {
  /** The SP entity id is the metadata URL, so it is unique per connection and resolvable. */
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  sloUrl: string;
}

export function samlSpUrls(publicUrl: string, connectionId: string): SamlSpUrls {
  const base = `${publicUrl.replace(/\/+$/, '')}/sso/saml/${encodeURIComponent(connectionId)}`;
  return {
    entityId: `${base}/metadata`,
    acsUrl: `${base}/acs`,
    metadataUrl: `${base}/metadata`,
    sloUrl: `${base}/slo`,
  };
}
