import SCIMMY from 'scimmy';

import { MAX_BODY_BYTES, MAX_PAGE_SIZE } from './scim-constants.js';

/**
 * The only module that touches SCIMMY's process-wide registry. SCIMMY describes what Tessera
 * serves — the schemas, resource types and service provider configuration of RFC 7643 §5–7 —
 * while requests are handled by Tessera's own SQL-backed code.
 */
let declared = false;

function declareOnce(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  SCIMMY.Config.set({
    patch: true,
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    sort: true,
    etag: true,
    // Accepted on create, replace and PATCH, and stored only as a salted hash.
    changePassword: true,
    // TODO(scim-bulk): not yet — each Bulk operation needs its own transaction and bulkId
    // resolution; until then the route answers 501 and this says so.
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: MAX_BODY_BYTES },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The SCIM connection token issued by Tessera, sent as a bearer token.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
      },
    ],
  });
}

type Described = Record<string, unknown> & { meta?: Record<string, unknown> };

function locate<T extends Described>(resource: T, location: string): T {
  return { ...resource, meta: { ...(resource.meta ?? {}), location } };
}

export async function describeServiceProvider(baseUrl: string): Promise<Described> {
  declareOnce();
  const config =
    (await new SCIMMY.Resources.ServiceProviderConfig().read()) as unknown as Described;
  return locate(config, `${baseUrl}/ServiceProviderConfig`);
}

export async function describeResourceTypes(baseUrl: string, id?: string): Promise<Described> {
  declareOnce();
  const read = (await new SCIMMY.Resources.ResourceType(id).read()) as unknown as Described;
  if (id) return locate(read, `${baseUrl}/ResourceTypes/${read.id}`);
  const list = read as Described & { Resources: Described[] };
  return {
    ...list,
    itemsPerPage: list.Resources.length,
    Resources: list.Resources.map((r) => locate(r, `${baseUrl}/ResourceTypes/${r.id}`)),
  };
}

export async function describeSchemas(baseUrl: string, id?: string): Promise<Described> {
  declareOnce();
  const read = (await new SCIMMY.Resources.Schema(id).read()) as unknown as Described;
  if (id) return locate(read, `${baseUrl}/Schemas/${read.id}`);
  const list = read as Described & { Resources: Described[] };
  return {
    ...list,
    itemsPerPage: list.Resources.length,
    Resources: list.Resources.map((r) => locate(r, `${baseUrl}/Schemas/${r.id}`)),
  };
}

/** SCIMMY's own error for an unknown schema or resource type id, which is the client's 404. */
export function isScimmyNotFound(e: unknown): boolean {
  return e instanceof SCIMMY.Types.Error && e.status === 404;
}
