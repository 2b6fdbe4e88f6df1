/**
 * The net effect of a sequence of member operations, kept so that executing it equals applying
 * the operations in order: the members afterwards are
 * `(removeAll ? {} : current − remove) ∪ add`, with `add` and `remove` disjoint. Each step costs
 * time in the ids it names, never in the size of the group.
 */
export interface MemberDelta {
  removeAll: boolean;
  readonly remove: Set<string>;
  readonly add: Set<string>;
}

export function createMemberDelta(): MemberDelta {
  return { removeAll: false, remove: new Set(), add: new Set() };
}

export function addMembers(delta: MemberDelta, ids: readonly string[]): void {
  for (const id of ids) {
    delta.remove.delete(id);
    delta.add.add(id);
  }
}

export function removeMembers(delta: MemberDelta, ids: readonly string[]): void {
  for (const id of ids) {
    delta.add.delete(id);
    // After a remove-all the group holds only `add`, so there is nothing more to delete.
    if (!delta.removeAll) delta.remove.add(id);
  }
}

export function removeAllMembers(delta: MemberDelta): void {
  delta.removeAll = true;
  delta.remove.clear();
  delta.add.clear();
}
