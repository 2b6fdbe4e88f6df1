import { isJsonObject, type JsonObject } from '../patch/coerce-value.js';
import { resourceSchemaOf, type ResourceType } from '../patch/resource-schema.js';
import { findAttribute, type AttributeInfo } from '../patch/schema-info.js';
import {
  readAttributeList,
  selectAttributes,
  type ProjectionOptions,
  type Selection,
} from './select-attributes.js';

const NOTHING: Selection = new Map();

/** Applies `project` to a complex value, element by element; empty results are dropped. */
function projectNested(
  attribute: AttributeInfo,
  value: unknown,
  project: (object: JsonObject, attributes: readonly AttributeInfo[]) => JsonObject,
): unknown {
  if (attribute.type !== 'complex') return value;

  const apply = (element: unknown) => {
    if (!isJsonObject(element)) return element;
    const projected = project(element, attribute.subAttributes);
    return Object.keys(projected).length === 0 ? undefined : projected;
  };
  if (!Array.isArray(value)) return apply(value);
  const elements = value.map(apply).filter((element) => element !== undefined);
  return elements.length === 0 ? undefined : elements;
}

/** `attributes=`: only what is selected, plus what is `returned: always` (RFC 7643 §7). */
function keepSelected(
  object: JsonObject,
  attributes: readonly AttributeInfo[],
  selection: Selection,
): JsonObject {
  const result: JsonObject = {};
  for (const attribute of attributes) {
    const chosen = selection.get(attribute.name);
    const value = object[attribute.name];
    if (value === undefined) continue;

    if (attribute.returned === 'always' || chosen === true) result[attribute.name] = value;
    else if (chosen !== undefined) {
      const kept = projectNested(attribute, value, (nested, subs) =>
        keepSelected(nested, subs, chosen),
      );
      if (kept !== undefined) result[attribute.name] = kept;
    }
  }
  return result;
}

/**
 * `excludedAttributes=`: everything but what is selected, never an attribute that is
 * `returned: always`. Also the place where `returned: never` (`password`, RFC 7643 §4.1.1)
 * is removed at every level, whatever was asked. Keys no schema defines pass through.
 */
function dropExcluded(
  object: JsonObject,
  attributes: readonly AttributeInfo[],
  selection: Selection,
): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    const attribute = findAttribute(attributes, key);
    if (attribute === undefined) {
      result[key] = value;
      continue;
    }
    if (attribute.returned === 'never') continue;

    const chosen = attribute.returned === 'always' ? undefined : selection.get(attribute.name);
    if (chosen === true) continue;
    const kept = projectNested(attribute, value, (nested, subs) =>
      dropExcluded(nested, subs, chosen ?? NOTHING),
    );
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

/**
 * Renders a resource the way RFC 7644 §3.4.2.5 and §3.9 ask: with `attributes`, only those
 * (sub-attributes and URN-prefixed names included) plus `id` and `schemas`; with
 * `excludedAttributes`, all but those; with both, the first and then the second. `password`
 * is never returned. Names are case-insensitive; unknown names are ignored. Returns a copy.
 */
export function projectResource(
  doc: Record<string, unknown>,
  options: ProjectionOptions,
  resourceType: ResourceType,
): Record<string, unknown> {
  const schema = resourceSchemaOf(resourceType);
  const wanted = selectAttributes(schema, options.attributes);
  const excluded = selectAttributes(schema, options.excludedAttributes);

  const asked = readAttributeList(options.attributes).length > 0;
  const selected = asked ? keepSelected(doc, schema.attributes, wanted) : doc;
  return structuredClone(dropExcluded(selected, schema.attributes, excluded));
}
