import { ScimError } from '../scim-error.js';
import type { FilterNode } from './ast.js';
import { compilePresent, compileScalarTest, type AttributeTest } from './compile-scalar.js';
import {
  findAttribute,
  findImpliedValue,
  findSubAttribute,
  type FilterableAttribute,
} from './find-attribute.js';
import type { FailWith } from './limits.js';
import type { SqlParams } from './sql-params.js';
import type { ComplexAttribute, FilterTarget, MultiValuedAttribute } from './target.js';

type Leaf = Exclude<FilterNode, { kind: 'and' | 'or' | 'not' }>;
type ValuePath = Extract<FilterNode, { kind: 'valuePath' }>;

const failFilter: FailWith = (detail) => ScimError.invalidFilter(detail);

/**
 * Compiles a parsed filter into a SQL boolean expression over `target`'s table that is never
 * NULL. Values are appended to `params`; none appear in the SQL text. Throws `ScimError`
 * (invalidFilter) for attributes the target does not know or operators their type refuses.
 */
export function compileFilter(node: FilterNode, target: FilterTarget, params: SqlParams): string {
  return compileLogic(node, (leaf) => compileLeaf(leaf, target, params));
}

/** and, or and not map straight onto SQL, since every leaf is two-valued. */
function compileLogic(node: FilterNode, compileOne: (leaf: Leaf) => string): string {
  switch (node.kind) {
    case 'and':
      return `(${compileLogic(node.left, compileOne)} AND ${compileLogic(node.right, compileOne)})`;
    case 'or':
      return `(${compileLogic(node.left, compileOne)} OR ${compileLogic(node.right, compileOne)})`;
    case 'not':
      return `(NOT ${compileLogic(node.operand, compileOne)})`;
    default:
      return compileOne(node);
  }
}

function compileLeaf(leaf: Leaf, target: FilterTarget, params: SqlParams): string {
  const attribute = findAttribute(leaf.path, target, failFilter);
  if (leaf.kind === 'valuePath') return compileValuePath(leaf, attribute, params);

  switch (attribute.kind) {
    case 'single': {
      const { name } = attribute.attribute;
      if (leaf.path.subAttribute !== undefined) {
        throw failFilter(`'${name}' has no sub-attribute '${leaf.path.subAttribute}'`);
      }
      return compileScalarTest(leaf, attribute.attribute, name, params);
    }
    case 'complex':
      return compileComplexTest(leaf, attribute, params);
    case 'multiValued':
      return compileMultiValuedTest(leaf, attribute, params);
  }
}

/** RFC 7644 §3.4.2.2: a complex attribute is filtered through a named sub-attribute. */
function compileComplexTest(
  test: AttributeTest,
  owner: ComplexAttribute,
  params: SqlParams,
): string {
  const name = test.path.subAttribute;
  if (name !== undefined) {
    const sub = findSubAttribute(owner, name, failFilter);
    return compileScalarTest(test, sub, `${owner.name}.${sub.name}`, params);
  }
  // §3.4.2.2 `pr`: a complex attribute is present when it has a non-empty sub-attribute.
  if (test.kind === 'present') {
    return `(${[...owner.subAttributes.values()].map(compilePresent).join(' OR ')})`;
  }
  throw failFilter(`'${owner.name}' is complex; filter on one of its sub-attributes`);
}

/**
 * RFC 7644 §3.4.2.2: a multi-valued attribute matches when any of its values does. `ne` and
 * `eq null` also hold when there are no values at all, as they do for an absent single value
 * (RFC 7643 §2.5: an empty list and an unassigned attribute are the same state).
 */
function compileMultiValuedTest(
  test: AttributeTest,
  owner: MultiValuedAttribute,
  params: SqlParams,
): string {
  const name = test.path.subAttribute;
  if (test.kind === 'present' && name === undefined) return owner.matchSome('TRUE');

  const sub =
    name === undefined
      ? findImpliedValue(owner, failFilter)
      : findSubAttribute(owner, name, failFilter);
  if (test.kind === 'compare' && test.value === null && (test.op === 'eq' || test.op === 'ne')) {
    const someValue = owner.matchSome(compilePresent(sub));
    return test.op === 'eq' ? `(NOT ${someValue})` : someValue;
  }

  const some = owner.matchSome(compileScalarTest(test, sub, `${owner.name}.${sub.name}`, params));
  if (test.kind === 'compare' && test.op === 'ne') {
    return `((NOT ${owner.matchSome('TRUE')}) OR ${some})`;
  }
  return some;
}

/**
 * `emails[type eq "work" and primary eq true]`: RFC 7644 §3.4.2.2 valuePath, where one single
 * element must satisfy the whole inner filter, so it compiles to one EXISTS around all of it.
 */
function compileValuePath(
  leaf: ValuePath,
  attribute: FilterableAttribute,
  params: SqlParams,
): string {
  if (attribute.kind === 'single' || leaf.path.subAttribute !== undefined) {
    throw failFilter(`a value filter needs a complex attribute, not '${leaf.path.attribute}'`);
  }

  const inner = compileLogic(leaf.filter, (elementLeaf) => {
    // valFilter has no valuePath alternative, and its paths are sub-attributes of the owner.
    if (elementLeaf.kind === 'valuePath') throw failFilter('value filters cannot nest');
    const { schema, attribute: name, subAttribute } = elementLeaf.path;
    if (schema !== undefined || subAttribute !== undefined) {
      throw failFilter(`inside '${attribute.name}[…]' name a sub-attribute of ${attribute.name}`);
    }
    const sub = findSubAttribute(attribute, name, failFilter);
    return compileScalarTest(elementLeaf, sub, `${attribute.name}.${sub.name}`, params);
  });
  return attribute.kind === 'multiValued' ? attribute.matchSome(inner) : inner;
}
