import {
  ENTERPRISE_USER_ATTRIBUTES,
  ENTERPRISE_USER_URN,
  GROUP_ATTRIBUTES,
  GROUP_SCHEMA_URN,
  USER_ATTRIBUTES,
  USER_SCHEMA_URN,
  type AttributeInfo,
} from './schema-info.js';

export type ResourceType = 'User' | 'Group';

/**
 * The shape of one resource document. An extension's attributes live under a key named by the
 * extension's URN (RFC 7643 §3.3), so the extension is described here as one complex,
 * single-valued attribute of that name; the same walk then serves core and extension.
 */
export interface ResourceSchema {
  readonly resourceType: ResourceType;
  readonly coreUrn: string;
  /** Top-level keys of the document: core attributes, then one entry per extension. */
  readonly attributes: readonly AttributeInfo[];
  readonly extensionUrns: readonly string[];
}

function describeExtension(urn: string, attributes: readonly AttributeInfo[]): AttributeInfo {
  return {
    name: urn,
    type: 'complex',
    multiValued: false,
    caseExact: false,
    required: false,
    mutability: 'readWrite',
    returned: 'default',
    subAttributes: attributes,
  };
}

export const USER_RESOURCE: ResourceSchema = {
  resourceType: 'User',
  coreUrn: USER_SCHEMA_URN,
  attributes: [
    ...USER_ATTRIBUTES,
    describeExtension(ENTERPRISE_USER_URN, ENTERPRISE_USER_ATTRIBUTES),
  ],
  extensionUrns: [ENTERPRISE_USER_URN],
};

export const GROUP_RESOURCE: ResourceSchema = {
  resourceType: 'Group',
  coreUrn: GROUP_SCHEMA_URN,
  attributes: GROUP_ATTRIBUTES,
  extensionUrns: [],
};

export function resourceSchemaOf(resourceType: ResourceType): ResourceSchema {
  return resourceType === 'User' ? USER_RESOURCE : GROUP_RESOURCE;
}

/** The extension URN exactly as the schema spells it, when `text` names one (any case). */
export function findExtensionUrn(schema: ResourceSchema, text: string): string | undefined {
  const wanted = text.toLowerCase();
  return schema.extensionUrns.find((urn) => urn.toLowerCase() === wanted);
}
