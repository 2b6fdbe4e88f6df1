import { z } from 'zod';

/** Largest IdP metadata document accepted, pasted or fetched (Entra's are ~10 kB). */
export const MAX_METADATA_BYTES = 512 * 1024;

const name = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(512);
const list = z.array(text).max(50);
const url = z.url({ protocol: /^https?$/ }).max(2048);

export const MFA_POLICY_INPUT = z.strictObject({
  amrValues: list.optional(),
  acrValues: list.optional(),
  authnContextClassRefs: list.optional(),
  methodAttributes: list.optional(),
  methodValues: list.optional(),
});

export const ATTRIBUTE_MAPPING_INPUT = z.strictObject({
  email: text.optional(),
  givenName: text.optional(),
  familyName: text.optional(),
  groups: text.optional(),
});

const GROUP_ROLE_MAPPING = z.strictObject({
  group: z.string().trim().min(1).max(256),
  roleId: z.uuid(),
});

/** Settings both protocols share; each is optional, defaults fill in on create. */
const COMMON_FIELDS = {
  jitEnabled: z.boolean().optional(),
  groupRoleMappings: z.array(GROUP_ROLE_MAPPING).max(100).optional(),
  mfa: MFA_POLICY_INPUT.optional(),
  attributeMapping: ATTRIBUTE_MAPPING_INPUT.optional(),
};

export const SAML_INPUT = z.strictObject({
  metadataXml: z.string().min(1).max(MAX_METADATA_BYTES).optional(),
  metadataUrl: url.nullable().optional(),
  idpEntityId: z.string().trim().min(1).max(1024).optional(),
  idpSsoUrl: url.optional(),
  idpSloUrl: url.nullable().optional(),
  idpCertificates: z.array(z.string().min(1)).max(5).optional(),
  allowSignedResponseOnly: z.boolean().optional(),
  allowIdpInitiated: z.boolean().optional(),
  allowSha1: z.boolean().optional(),
  clockSkewSeconds: z.int().min(0).max(300).optional(),
  nameIdFormat: z.string().trim().min(1).max(256).nullable().optional(),
  requestedAuthnContext: z
    .strictObject({ classRefs: list, comparison: z.enum(['exact', 'minimum', 'better']) })
    .optional(),
});

const OIDC_FIELDS = {
  issuer: url,
  clientId: z.string().trim().min(1).max(512),
  clientSecret: z.string().min(1).max(2048),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/, 'not a scope token'))
    .max(30),
  tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']),
  allowedTenantIds: z.array(z.string().regex(/^[0-9A-Za-z.-]{1,64}$/, 'not a tenant id')).max(50),
  requestAcrValues: list,
};

export const OIDC_CREATE_INPUT = z.strictObject({
  issuer: OIDC_FIELDS.issuer,
  clientId: OIDC_FIELDS.clientId,
  clientSecret: OIDC_FIELDS.clientSecret,
  scopes: OIDC_FIELDS.scopes.optional(),
  tokenEndpointAuthMethod: OIDC_FIELDS.tokenEndpointAuthMethod.optional(),
  allowedTenantIds: OIDC_FIELDS.allowedTenantIds.optional(),
  requestAcrValues: OIDC_FIELDS.requestAcrValues.optional(),
});

export const OIDC_UPDATE_INPUT = OIDC_CREATE_INPUT.partial();

export const CREATE_CONNECTION_INPUT = z.discriminatedUnion('protocol', [
  z.strictObject({ protocol: z.literal('saml'), name, ...COMMON_FIELDS, saml: SAML_INPUT }),
  z.strictObject({ protocol: z.literal('oidc'), name, ...COMMON_FIELDS, oidc: OIDC_CREATE_INPUT }),
]);

export const UPDATE_CONNECTION_INPUT = z.strictObject({
  name: name.optional(),
  ...COMMON_FIELDS,
  saml: SAML_INPUT.optional(),
  oidc: OIDC_UPDATE_INPUT.optional(),
});

export type SamlInput = z.output<typeof SAML_INPUT>;
export type OidcUpdateInput = z.output<typeof OIDC_UPDATE_INPUT>;
export type CommonInput = Pick<
  z.output<typeof UPDATE_CONNECTION_INPUT>,
  'jitEnabled' | 'groupRoleMappings' | 'mfa' | 'attributeMapping'
>;
export type CreateConnectionInput = z.output<typeof CREATE_CONNECTION_INPUT>;
export type UpdateConnectionInput = z.output<typeof UPDATE_CONNECTION_INPUT>;
