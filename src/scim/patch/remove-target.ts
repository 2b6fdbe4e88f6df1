import { ScimError } from '../scim-error.js';
import { coerceAttributeValue, isJsonObject, type JsonObject } from './coerce-value.js';
import { elementIncludes } from './compare-values.js';
import { closeContainer, openContainer, readElements } from './document-access.js';
import { matchesFilter } from './match-element.js';
import { describeTarget, type Target } from './resolve-path.js';

/**
 * RFC 7644 §3.5.2.2: a filter selects the values to remove. One that selects nothing is
 * `noTarget` (RFC 7644 §3.12: "a filter that yields no match").
 */
function removeFiltered(container: JsonObject, target: Target, label: string): void {
  const { attribute, sub } = target;
  const elements = readElements(container, attribute);
  const matched = elements.filter((element) =>
    matchesFilter(element, target.filter!, attribute.subAttributes),
  );
  if (matched.length === 0) throw ScimError.noTarget(`No value of '${label}' matches the filter`);

  if (sub === undefined) {
    container[attribute.name] = elements.filter((element) => !matched.includes(element));
  } else {
    for (const element of matched) delete element[sub.name];
  }
}

function removeSub(container: JsonObject, target: Target): void {
  const { attribute, sub } = target;
  const existing = container[attribute.name];
  const holders = attribute.multiValued ? readElements(container, attribute) : [existing];

  for (const holder of holders) {
    if (isJsonObject(holder)) delete holder[sub!.name];
  }
}

/**
 * Entra ID and Okta remove some values of a multi-valued attribute by listing them in `value`
 * (`{"op":"remove","path":"emails","value":[{"value":"a@x"}]}`) rather than with a filter. An
 * element goes when it has every sub-attribute a listed value names.
 */
function removeListed(container: JsonObject, target: Target, raw: unknown, label: string): void {
  const { attribute } = target;
  const patterns = (coerceAttributeValue(attribute, raw, label) as unknown[] | undefined) ?? [];
  const existing = container[attribute.name];
  const elements = Array.isArray(existing) ? existing : existing === undefined ? [] : [existing];

  container[attribute.name] = elements.filter(
    (element) => !patterns.some((pattern) => elementIncludes(attribute, element, pattern)),
  );
}

/** Applies a `remove` (RFC 7644 §3.5.2.2) to one target, in place. */
export function removeTarget(doc: JsonObject, target: Target, raw: unknown): void {
  const container = openContainer(doc, target);
  const label = describeTarget(target);

  if (target.filter !== undefined) removeFiltered(container, target, label);
  else if (target.sub !== undefined) removeSub(container, target);
  else if (target.attribute.multiValued && raw !== undefined && raw !== null) {
    removeListed(container, target, raw, label);
  } else delete container[target.attribute.name];
  closeContainer(doc, target);
}
