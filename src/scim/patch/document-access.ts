import { ScimError } from '../scim-error.js';
import { isJsonObject, isUnassignedComplex, type JsonObject } from './coerce-value.js';
import type { Target } from './resolve-path.js';
import type { AttributeInfo } from './schema-info.js';

/** The object holding the target's attribute: the document, or its extension object. */
export function openContainer(doc: JsonObject, target: Target): JsonObject {
  if (target.extension === undefined) return doc;

  const existing = doc[target.extension];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  doc[target.extension] = created;
  return created;
}

export function setOrDelete(object: JsonObject, key: string, value: unknown): void {
  if (value === undefined || value === null) delete object[key];
  else object[key] = value;
}

/** The elements of a multi-valued complex attribute, as stored (never a copy). */
export function readElements(container: JsonObject, attribute: AttributeInfo): JsonObject[] {
  const value = container[attribute.name];
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return isJsonObject(value) ? [value] : [];
}

/** RFC 7643 §2.5: empty elements, empty arrays and empty complex values are unassigned. */
function pruneAttribute(container: JsonObject, attribute: AttributeInfo): void {
  const value = container[attribute.name];
  if (attribute.multiValued && Array.isArray(value)) {
    const kept = value.filter(
      (element) =>
        element !== null &&
        element !== undefined &&
        !(isJsonObject(element) && isUnassignedComplex(attribute, element)),
    );
    setOrDelete(container, attribute.name, kept.length === 0 ? undefined : kept);
  } else if (isJsonObject(value) && isUnassignedComplex(attribute, value)) {
    delete container[attribute.name];
  }
}

/** Tidies up after an operation: unassigned values, and an extension object left empty. */
export function closeContainer(doc: JsonObject, target: Target): void {
  const container = target.extension === undefined ? doc : doc[target.extension];
  if (!isJsonObject(container)) return;

  pruneAttribute(container, target.attribute);
  if (target.extension !== undefined && Object.keys(container).length === 0) {
    delete doc[target.extension];
  }
}

/**
 * RFC 7643 §2.4: "primary" is true on at most one element. When an operation sets it on an
 * element, the others lose it; two new primaries at once are `invalidValue`.
 */
export function keepOnePrimary(
  elements: readonly JsonObject[],
  touched: ReadonlySet<object>,
): void {
  const primaries = elements.filter((element) => element.primary === true);
  if (primaries.length < 2) return;

  const chosen = primaries.filter((element) => touched.has(element));
  if (chosen.length > 1) {
    throw ScimError.invalidValue("Only one value may have 'primary' set to true");
  }
  if (chosen.length === 0) return;
  for (const element of primaries) {
    if (element !== chosen[0]) delete element.primary;
  }
}
