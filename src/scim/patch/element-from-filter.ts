import type { FilterNode } from '../filter/ast.js';

/**
 * The element a value filter describes, when it is nothing but `eq` comparisons joined by `and`:
 * `emails[type eq "work"]` describes `{ type: "work" }`. Entra ID sets
 * `emails[type eq "work"].value` on a user that has no work email yet and expects the element to
 * be created; any other filter describes no single element and yields `undefined`.
 */
export function elementFromFilter(node: FilterNode): Record<string, unknown> | undefined {
  if (node.kind === 'compare') {
    if (node.op !== 'eq' || node.value === null || node.path.subAttribute !== undefined) {
      return undefined;
    }
    return { [node.path.attribute]: node.value };
  }
  if (node.kind !== 'and') return undefined;

  const left = elementFromFilter(node.left);
  const right = elementFromFilter(node.right);
  return left === undefined || right === undefined ? undefined : { ...left, ...right };
}
