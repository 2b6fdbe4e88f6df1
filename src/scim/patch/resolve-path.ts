import type { FilterNode, PatchPath } from '../filter/ast.js';
import { parsePatchPath } from '../filter/patch-path.js';
import { ScimError } from '../scim-error.js';
import { findExtensionUrn, type ResourceSchema } from './resource-schema.js';
import { findAttribute, type AttributeInfo } from './schema-info.js';

/**
 * One place in a resource document, in the schema's own spelling: `attribute` inside the
 * extension object `extension` (or at the top level), optionally narrowed by a value filter to
 * some elements, and optionally down to one sub-attribute.
 */
export interface Target {
  /** The URN key of the extension object holding `attribute`; absent for core attributes. */
  readonly extension?: string;
  readonly attribute: AttributeInfo;
  readonly filter?: FilterNode;
  readonly sub?: AttributeInfo;
}

function describeContainer(schema: ResourceSchema, parsed: PatchPath): Target['extension'] | null {
  const urn = parsed.path.schema;
  if (urn === undefined || urn.toLowerCase() === schema.coreUrn.toLowerCase()) return undefined;
  return findExtensionUrn(schema, urn) ?? null;
}

function findTopAttribute(schema: ResourceSchema, name: string): AttributeInfo | undefined {
  return findAttribute(schema.attributes, name);
}

/**
 * Resolves a PATCH path (RFC 7644 §3.5.2 / §3.10) or an `attributes` entry against a resource
 * schema. A bare extension URN names the whole extension object. Unknown schemas, attributes and
 * sub-attributes are `invalidPath` (RFC 7644 §3.12: the path "was invalid or malformed").
 */
export function resolvePath(schema: ResourceSchema, text: string): Target {
  const extensionUrn = findExtensionUrn(schema, text.trim());
  if (extensionUrn !== undefined) return { attribute: findTopAttribute(schema, extensionUrn)! };

  const parsed = parsePatchPath(text);
  const extension = describeContainer(schema, parsed);
  if (extension === null) throw ScimError.invalidPath(`Unknown schema in path '${text}'`);

  const attributes =
    extension === undefined
      ? schema.attributes
      : findTopAttribute(schema, extension)!.subAttributes;
  const attribute = findAttribute(attributes, parsed.path.attribute);
  if (attribute === undefined) {
    throw ScimError.invalidPath(`Unknown attribute in path '${text}'`);
  }

  const sub = resolveSub(attribute, parsed, text);
  if (parsed.valueFilter !== undefined && !attribute.multiValued) {
    throw ScimError.invalidPath(`A value filter needs a multi-valued attribute: '${text}'`);
  }
  return { extension, attribute, filter: parsed.valueFilter, sub };
}

function resolveSub(
  attribute: AttributeInfo,
  parsed: PatchPath,
  text: string,
): AttributeInfo | undefined {
  if (parsed.path.subAttribute !== undefined && parsed.subAttribute !== undefined) {
    throw ScimError.invalidPath(`Too many sub-attributes in path '${text}'`);
  }
  const name = parsed.path.subAttribute ?? parsed.subAttribute;
  if (name === undefined) return undefined;

  const sub = findAttribute(attribute.subAttributes, name);
  if (sub === undefined) throw ScimError.invalidPath(`Unknown sub-attribute in path '${text}'`);
  return sub;
}

/** Like `resolvePath`, but `undefined` for a key that names nothing this schema knows. */
export function tryResolvePath(schema: ResourceSchema, text: string): Target | undefined {
  try {
    return resolvePath(schema, text);
  } catch (e: unknown) {
    if (e instanceof ScimError && e.scimType === 'invalidPath') return undefined;
    throw e;
  }
}

/** RFC 7643 §7: a client never writes a `readOnly` attribute. */
export function isReadOnlyTarget(target: Target): boolean {
  return target.attribute.mutability === 'readOnly' || target.sub?.mutability === 'readOnly';
}

/** A label for messages: the path in the schema's spelling. */
export function describeTarget(target: Target): string {
  const prefix = target.extension === undefined ? '' : `${target.extension}:`;
  const sub = target.sub === undefined ? '' : `.${target.sub.name}`;
  return `${prefix}${target.attribute.name}${sub}`;
}
