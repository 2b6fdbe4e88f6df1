import type { AttributePath } from './ast.js';
import type { FailWith } from './limits.js';
import type {
  ComplexAttribute,
  FilterTarget,
  MultiValuedAttribute,
  ScalarAttribute,
  TargetAttribute,
} from './target.js';

export type FilterableAttribute = Exclude<TargetAttribute, { kind: 'unfilterable' }>;

/**
 * Looks up the attribute a path names. Names and URNs compare case-insensitively (RFC 7643
 * §2.1). A URN prefix must be the attribute's own schema; without one, core attributes are
 * meant (RFC 7644 §3.10) and, since no extension name clashes with a core name here, extension
 * attributes are found too.
 */
export function findAttribute(
  path: AttributePath,
  target: FilterTarget,
  fail: FailWith,
): FilterableAttribute {
  const attribute = target.attributes.get(path.attribute.toLowerCase());

  if (path.schema !== undefined) {
    const wanted = path.schema.toLowerCase();
    const schema = target.schemas.find((urn) => urn.toLowerCase() === wanted);
    if (schema === undefined) {
      throw fail(`'${path.schema}' is not a schema of ${target.resourceType}`);
    }
    if (attribute === undefined || attribute.schema !== schema) {
      throw fail(`schema '${schema}' has no attribute '${path.attribute}'`);
    }
  }
  if (attribute === undefined) {
    throw fail(`unknown attribute '${path.attribute}' for ${target.resourceType}`);
  }
  if (attribute.kind === 'unfilterable') {
    throw fail(attribute.reason);
  }
  return attribute;
}

export function findSubAttribute(
  owner: ComplexAttribute | MultiValuedAttribute,
  name: string,
  fail: FailWith,
): ScalarAttribute {
  const sub = owner.subAttributes.get(name.toLowerCase());
  if (sub === undefined) {
    throw fail(`'${owner.name}' has no sub-attribute '${name}'`);
  }
  return sub;
}

/** `emails` alone means `emails.value` (RFC 7643 §2.4: `value` is the significant value). */
export function findImpliedValue(owner: MultiValuedAttribute, fail: FailWith): ScalarAttribute {
  const value = owner.subAttributes.get('value');
  if (value === undefined) {
    throw fail(`'${owner.name}' has no 'value'; name one of its sub-attributes`);
  }
  return value;
}
