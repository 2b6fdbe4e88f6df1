import SCIMMY from 'scimmy';

/**
 * Plain, read-only descriptions of the SCIM attributes, taken from SCIMMY's schema definitions
 * (the source of truth for RFC 7643 §4 and §8.7). This is the only module of the PATCH and
 * projection code that imports SCIMMY, so the rest works on plain JSON.
 */

export const USER_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7643 §2.3 data types. */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';

/** RFC 7643 §7 `mutability`. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

/** RFC 7643 §7 `returned`. */
export type Returned = 'always' | 'never' | 'default' | 'request';

export interface AttributeInfo {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly caseExact: boolean;
  readonly required: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly subAttributes: readonly AttributeInfo[];
}

type ScimmyAttribute = SCIMMY.Types.Attribute;

/**
 * Where Tessera deliberately differs from SCIMMY's definitions. `schemas` is set by the server,
 * never by a client, and is always rendered (RFC 7643 §3). A member's `value` is a resource
 * `id`, which RFC 7643 §3.1 makes case-exact, so member filters compare it exactly.
 */
const OVERRIDES: Record<string, Partial<AttributeInfo>> = {
  schemas: { mutability: 'readOnly', returned: 'always' },
  'members.value': { caseExact: true },
};

function readMutability(mutable: boolean | string | undefined): Mutability {
  if (mutable === false) return 'readOnly';
  if (mutable === 'readOnly' || mutable === 'immutable' || mutable === 'writeOnly') return mutable;
  return 'readWrite';
}

function readReturned(returned: boolean | string | undefined): Returned {
  if (returned === false) return 'never';
  if (returned === 'always' || returned === 'never' || returned === 'request') return returned;
  return 'default';
}

function describe(attribute: ScimmyAttribute, parent?: string): AttributeInfo {
  const key = parent === undefined ? attribute.name : `${parent}.${attribute.name}`;
  const subAttributes = (attribute.subAttributes ?? []).map((sub) => describe(sub, key));

  return {
    name: attribute.name,
    type: attribute.type as AttributeType,
    multiValued: attribute.config.multiValued === true,
    caseExact: attribute.config.caseExact === true,
    required: attribute.config.required === true,
    mutability: readMutability(attribute.config.mutable),
    returned: readReturned(attribute.config.returned),
    subAttributes,
    ...OVERRIDES[key],
  };
}

/** The attributes of the core User schema, including the common ones (`id`, `meta`, …). */
export const USER_ATTRIBUTES: readonly AttributeInfo[] =
  SCIMMY.Schemas.User.definition.attributes.map((attribute) => describe(attribute));

/** The attributes of the core Group schema, including the common ones. */
export const GROUP_ATTRIBUTES: readonly AttributeInfo[] =
  SCIMMY.Schemas.Group.definition.attributes.map((attribute) => describe(attribute));

/**
 * The enterprise extension (RFC 7643 §4.3), without the common attributes SCIMMY repeats in
 * every definition: those belong to the resource, not to the extension.
 */
export const ENTERPRISE_USER_ATTRIBUTES: readonly AttributeInfo[] =
  SCIMMY.Schemas.EnterpriseUser.definition.attributes
    .filter((attribute) => attribute.config.shadow !== true)
    .map((attribute) => describe(attribute));

/** Finds an attribute by name; RFC 7643 §2.1 makes attribute names case-insensitive. */
export function findAttribute(
  attributes: readonly AttributeInfo[],
  name: string,
): AttributeInfo | undefined {
  const wanted = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === wanted);
}
