import { planGroupPatch, type GroupPatchPlan } from '../../src/scim/patch/plan-group-patch.js';
import { PATCH_OP_URN } from '../../src/scim/patch/read-patch-request.js';
import { ScimError } from '../../src/scim/scim-error.js';

function patch(...operations: unknown[]) {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

const plan = (...operations: unknown[]) => planGroupPatch(patch(...operations));

function scimTypeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof ScimError) return e.scimType;
    throw e;
  }
  throw new Error('expected a ScimError');
}

/** What the database layer does with a plan, per the contract documented on GroupPatchPlan. */
function execute(current: readonly string[], steps: GroupPatchPlan): string[] {
  const members = new Set(steps.removeAllMembers ? [] : current);
  for (const id of steps.removeMembers) members.delete(id);
  for (const id of steps.addMembers) members.add(id);
  return [...members].sort();
}

const members = (...ids: string[]) => ids.map((value) => ({ value }));

describe('planGroupPatch: members', () => {
  it('adds the members of an add (Entra ID, Okta)', () => {
    expect(plan({ op: 'add', path: 'members', value: members('u1', 'u2') })).toEqual({
      removeAllMembers: false,
      removeMembers: [],
      addMembers: ['u1', 'u2'],
    });
  });

  it('removes the member named by members[value eq "id"] (RFC 7644 §3.5.2.2)', () => {
    expect(plan({ op: 'remove', path: 'members[value eq "u1"]' }).removeMembers).toEqual(['u1']);
  });

  it('removes the members named by an or of value comparisons', () => {
    const path = 'members[value eq "u1" or value eq "u2"]';
    expect(plan({ op: 'remove', path }).removeMembers).toEqual(['u1', 'u2']);
  });

  it('removes only the listed members when remove carries a value (Entra ID, Okta)', () => {
    const steps = plan({ op: 'Remove', path: 'members', value: members('u1') });
    expect(steps).toMatchObject({ removeAllMembers: false, removeMembers: ['u1'] });
  });

  it('removes every member when remove has no value', () => {
    expect(plan({ op: 'remove', path: 'members' }).removeAllMembers).toBe(true);
  });

  it('sets exactly the given members on replace (Okta)', () => {
    const steps = plan({ op: 'replace', path: 'members', value: members('u3') });
    expect(steps).toMatchObject({ removeAllMembers: true, addMembers: ['u3'] });
    expect(execute(['u1', 'u2'], steps)).toEqual(['u3']);
  });

  it('accepts a path-less add with members', () => {
    expect(plan({ op: 'add', value: { members: members('u1') } }).addMembers).toEqual(['u1']);
  });

  it('accepts capitalised op names (Entra ID)', () => {
    const steps = plan(
      { op: 'Add', path: 'members', value: members('u1') },
      { op: 'Remove', path: 'members[value eq "u2"]' },
    );
    expect(steps).toMatchObject({ addMembers: ['u1'], removeMembers: ['u2'] });
  });
});

describe('planGroupPatch: operations keep their order', () => {
  it.each([
    [
      'remove all, then add X',
      [
        { op: 'remove', path: 'members' },
        { op: 'add', path: 'members', value: members('x') },
      ],
      ['x'],
    ],
    [
      'add X, then remove all',
      [
        { op: 'add', path: 'members', value: members('x') },
        { op: 'remove', path: 'members' },
      ],
      [],
    ],
    [
      'add X, then remove X',
      [
        { op: 'add', path: 'members', value: members('x') },
        { op: 'remove', path: 'members[value eq "x"]' },
      ],
      ['a', 'b'],
    ],
    [
      'remove A, then add A',
      [
        { op: 'remove', path: 'members[value eq "a"]' },
        { op: 'add', path: 'members', value: members('a') },
      ],
      ['a', 'b'],
    ],
    [
      'replace with X, then remove X',
      [
        { op: 'replace', path: 'members', value: members('x', 'y') },
        { op: 'remove', path: 'members', value: members('x') },
      ],
      ['y'],
    ],
    [
      'remove all, then remove A, then add B',
      [
        { op: 'remove', path: 'members' },
        { op: 'remove', path: 'members[value eq "a"]' },
        { op: 'add', path: 'members', value: members('b') },
      ],
      ['b'],
    ],
  ])('%s', (_what, operations, expected) => {
    const steps = planGroupPatch(patch(...operations));
    expect(execute(['a', 'b'], steps)).toEqual(expected);
    expect(steps.addMembers.filter((id) => steps.removeMembers.includes(id))).toEqual([]);
  });
});

describe('planGroupPatch: any sequence of member operations', () => {
  /** Each step with what it does to a set when applied on its own, as RFC 7644 §3.5.2 reads. */
  const steps: Array<[unknown, (members: Set<string>) => void]> = [
    [{ op: 'add', path: 'members', value: members('a') }, (m) => m.add('a')],
    [{ op: 'add', path: 'members', value: members('x') }, (m) => m.add('x')],
    [{ op: 'remove', path: 'members[value eq "a"]' }, (m) => m.delete('a')],
    [{ op: 'remove', path: 'members', value: members('x') }, (m) => m.delete('x')],
    [{ op: 'remove', path: 'members' }, (m) => m.clear()],
    [{ op: 'replace', path: 'members', value: members('x') }, (m) => (m.clear(), m.add('x'))],
  ];

  it('ends with the members that applying the operations one by one gives', () => {
    for (const first of steps) {
      for (const second of steps) {
        for (const third of steps) {
          const sequence = [first, second, third];
          const expected = new Set(['a', 'b']);
          for (const [, applyStep] of sequence) applyStep(expected);

          const planned = planGroupPatch(patch(...sequence.map(([operation]) => operation)));
          expect(execute(['a', 'b'], planned)).toEqual([...expected].sort());
        }
      }
    }
  });
});

describe('planGroupPatch: other attributes', () => {
  it('ignores the group id Okta sends in a path-less replace', () => {
    const value = {
      id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
      displayName: 'Test SCIMv2',
      members: [],
    };
    expect(plan({ op: 'replace', value })).toEqual({
      displayName: 'Test SCIMv2',
      removeAllMembers: true,
      removeMembers: [],
      addMembers: [],
    });
  });

  it('ignores schemas and meta in a path-less value', () => {
    const value = { schemas: ['urn:x'], meta: { version: 'W/"2"' }, displayName: 'Ops' };
    expect(plan({ op: 'replace', value })).toMatchObject({ displayName: 'Ops' });
  });

  it('replaces displayName and externalId', () => {
    const steps = plan(
      { op: 'replace', path: 'displayName', value: 'Ops' },
      { op: 'Replace', path: 'externalId', value: 'ext-1' },
    );
    expect(steps).toMatchObject({ displayName: 'Ops', externalId: 'ext-1' });
  });

  it('clears externalId on remove', () => {
    expect(plan({ op: 'remove', path: 'externalId' }).externalId).toBeNull();
  });
});

describe('planGroupPatch: refusals', () => {
  it.each([
    [
      'a member value that is a number',
      { op: 'add', path: 'members', value: [{ value: 7 }] },
      'invalidValue',
    ],
    [
      'a member without value',
      { op: 'add', path: 'members', value: [{ display: 'Ann' }] },
      'invalidValue',
    ],
    ['an unknown attribute', { op: 'replace', path: 'owner', value: 'x' }, 'invalidPath'],
    ['the read-only id', { op: 'replace', path: 'id', value: 'x' }, 'mutability'],
    ['removing displayName', { op: 'remove', path: 'displayName' }, 'invalidValue'],
    ['an empty displayName', { op: 'replace', path: 'displayName', value: '' }, 'invalidValue'],
    [
      'a members filter on display',
      { op: 'remove', path: 'members[display eq "Ann"]' },
      'invalidFilter',
    ],
    [
      'a member sub-attribute',
      { op: 'replace', path: 'members[value eq "u1"].display', value: 'x' },
      'invalidPath',
    ],
    ['a remove without path', { op: 'remove' }, 'noTarget'],
    ['an unknown op', { op: 'merge', path: 'members', value: [] }, 'invalidSyntax'],
  ])('refuses %s', (_what, operation, scimType) => {
    expect(scimTypeOf(() => plan(operation))).toBe(scimType);
  });

  it('refuses a message without Operations', () => {
    expect(scimTypeOf(() => planGroupPatch({ schemas: [PATCH_OP_URN] }))).toBe('invalidSyntax');
  });
});
