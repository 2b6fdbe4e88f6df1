import { ScimError } from '../scim-error.js';
import {
  coerceAttributeValue,
  coerceSingleValue,
  isJsonObject,
  type JsonObject,
} from './coerce-value.js';
import { elementEquals } from './compare-values.js';
import {
  closeContainer,
  keepOnePrimary,
  openContainer,
  readElements,
  setOrDelete,
} from './document-access.js';
import { elementFromFilter } from './element-from-filter.js';
import { matchesFilter } from './match-element.js';
import { describeTarget, type Target } from './resolve-path.js';
import { findAttribute, type AttributeInfo } from './schema-info.js';

export type WriteMode = 'add' | 'replace';

/**
 * RFC 7644 §3.5.2.1 and §3.5.2.3: a complex value given for a complex attribute sets the
 * sub-attributes it names and leaves the others. A complex value with a `value` (`manager`)
 * is one reference, and its other sub-attributes describe that reference, so it is replaced
 * whole rather than leaving the old `$ref` beside a new `value`.
 */
function mergesSubAttributes(attribute: AttributeInfo): boolean {
  return (
    attribute.type === 'complex' && findAttribute(attribute.subAttributes, 'value') === undefined
  );
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  return value === undefined || value === null ? [] : [value];
}

/** RFC 7644 §3.5.2.1: adding a value already present changes nothing. */
function appendDistinct(
  container: JsonObject,
  attribute: AttributeInfo,
  incoming: unknown[],
): void {
  const elements = listOf(container[attribute.name]);
  const touched = new Set<object>();

  for (const element of incoming) {
    const same = elements.find((existing) => elementEquals(attribute, existing, element));
    if (same === undefined) elements.push(element);
    const kept = same ?? element;
    if (isJsonObject(kept)) touched.add(kept);
  }
  setOrDelete(container, attribute.name, elements.length === 0 ? undefined : elements);
  keepOnePrimary(elements.filter(isJsonObject), touched);
}

function writeWhole(
  container: JsonObject,
  mode: WriteMode,
  attribute: AttributeInfo,
  raw: unknown,
  label: string,
): void {
  const value = coerceAttributeValue(attribute, raw, label);
  if (attribute.multiValued && mode === 'add') {
    return appendDistinct(container, attribute, listOf(value));
  }

  if (attribute.multiValued) {
    // RFC 7644 §3.5.2.3: without a filter, the new values replace all existing ones.
    const elements = listOf(value).filter(isJsonObject);
    setOrDelete(container, attribute.name, value);
    return keepOnePrimary(elements, new Set(elements));
  }

  const existing = container[attribute.name];
  if (mergesSubAttributes(attribute) && isJsonObject(existing) && isJsonObject(value)) {
    container[attribute.name] = { ...existing, ...value };
  } else {
    setOrDelete(container, attribute.name, value);
  }
}

function writeSub(container: JsonObject, target: Target, raw: unknown, label: string): void {
  const { attribute, sub } = target as Required<Pick<Target, 'attribute' | 'sub'>>;
  const value = coerceAttributeValue(sub, raw, label);

  if (!attribute.multiValued) {
    const existing = container[attribute.name];
    const object = isJsonObject(existing) ? existing : {};
    setOrDelete(object, sub.name, value);
    container[attribute.name] = object;
    return;
  }

  // `emails.value` without a filter addresses every element; with none, it makes the first.
  const elements = readElements(container, attribute);
  if (elements.length === 0 && value !== undefined) elements.push({ [sub.name]: value });
  else for (const element of elements) setOrDelete(element, sub.name, value);
  container[attribute.name] = elements;
  keepOnePrimary(elements, new Set(elements));
}

/**
 * RFC 7644 §3.5.2.3 answers a filter that matches nothing with `noTarget`. Entra ID, though,
 * sets `emails[type eq "work"].value` (and phone numbers, addresses) on users that have no
 * such element yet, so a filter made of `eq` comparisons creates the element it describes.
 */
function createFromFilter(
  mode: WriteMode,
  target: Target,
  raw: unknown,
  label: string,
): JsonObject | undefined {
  const seed = target.filter === undefined ? undefined : elementFromFilter(target.filter);
  if (seed === undefined || (mode === 'replace' && target.sub === undefined)) {
    throw ScimError.noTarget(`No value of '${label}' matches the filter`);
  }
  if (target.sub === undefined && !isJsonObject(raw)) {
    throw ScimError.invalidValue(`Attribute '${label}' must be a complex value`);
  }

  const source =
    target.sub === undefined
      ? { ...seed, ...(raw as JsonObject) }
      : { ...seed, [target.sub.name]: raw };
  return coerceSingleValue(target.attribute, source, label) as JsonObject | undefined;
}

function updateMatched(
  element: JsonObject,
  mode: WriteMode,
  target: Target,
  value: unknown,
): JsonObject | undefined {
  if (target.sub !== undefined) {
    setOrDelete(element, target.sub.name, value);
    return element;
  }
  if (mode === 'add') return { ...element, ...(value as JsonObject | undefined) };
  // RFC 7644 §3.5.2.3: a replace with a filter replaces each matching value whole.
  return value === undefined ? undefined : structuredClone(value as JsonObject);
}

function writeFiltered(
  container: JsonObject,
  mode: WriteMode,
  target: Target,
  raw: unknown,
  label: string,
): void {
  const { attribute, sub } = target;
  const elements = readElements(container, attribute);
  const matched = elements.filter((element) =>
    matchesFilter(element, target.filter!, attribute.subAttributes),
  );

  if (matched.length === 0) {
    const created = createFromFilter(mode, target, raw, label);
    if (created !== undefined) elements.push(created);
    container[attribute.name] = elements;
    return keepOnePrimary(elements, new Set(created === undefined ? [] : [created]));
  }

  const value =
    sub === undefined
      ? coerceSingleValue(attribute, raw, label)
      : coerceAttributeValue(sub, raw, label);
  const touched = new Set<object>();
  const next = elements.flatMap((element) => {
    if (!matched.includes(element)) return [element];
    const updated = updateMatched(element, mode, target, value);
    if (updated !== undefined) touched.add(updated);
    return updated === undefined ? [] : [updated];
  });
  container[attribute.name] = next;
  keepOnePrimary(next, touched);
}

/** Applies an `add` or `replace` (RFC 7644 §3.5.2.1, §3.5.2.3) to one target, in place. */
export function writeTarget(doc: JsonObject, mode: WriteMode, target: Target, raw: unknown): void {
  const container = openContainer(doc, target);
  const label = describeTarget(target);

  if (target.filter !== undefined) writeFiltered(container, mode, target, raw, label);
  else if (target.sub !== undefined) writeSub(container, target, raw, label);
  else writeWhole(container, mode, target.attribute, raw, label);
  closeContainer(doc, target);
}
