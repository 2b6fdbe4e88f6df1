import type { FilterNode, FilterValue } from '../../src/scim/filter/ast.js';
import { MAX_FILTER_LENGTH, MAX_NESTING_DEPTH } from '../../src/scim/filter/limits.js';
import { parseFilter } from '../../src/scim/filter/parse.js';
import { ScimError } from '../../src/scim/scim-error.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const eq = (attribute: string, value: FilterValue): FilterNode => ({
  kind: 'compare',
  path: { attribute },
  op: 'eq',
  value,
});

/** Filters from RFC 7644 §3.4.2.2 (the examples of Figure 2 among them) and their trees. */
const VALID: [string, FilterNode][] = [
  ['userName eq "bjensen"', eq('userName', 'bjensen')],
  ['userName Eq "bjensen"', eq('userName', 'bjensen')],
  [
    'name.familyName co "O\'Malley"',
    {
      kind: 'compare',
      path: { attribute: 'name', subAttribute: 'familyName' },
      op: 'co',
      value: "O'Malley",
    },
  ],
  ['title pr', { kind: 'present', path: { attribute: 'title' } }],
  ['title PR', { kind: 'present', path: { attribute: 'title' } }],
  [
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    {
      kind: 'compare',
      path: { attribute: 'meta', subAttribute: 'lastModified' },
      op: 'gt',
      value: '2011-05-13T04:42:34Z',
    },
  ],
  [
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    {
      kind: 'compare',
      path: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'userName' },
      op: 'sw',
      value: 'J',
    },
  ],
  [
    `${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`,
    {
      kind: 'compare',
      path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
      op: 'eq',
      value: '26118915-6090-4610-87e4-49d8ca9f808d',
    },
  ],
  [
    'title pr and userType eq "Employee"',
    {
      kind: 'and',
      left: { kind: 'present', path: { attribute: 'title' } },
      right: eq('userType', 'Employee'),
    },
  ],
  [
    'a pr or b pr and c pr',
    {
      kind: 'or',
      left: { kind: 'present', path: { attribute: 'a' } },
      right: {
        kind: 'and',
        left: { kind: 'present', path: { attribute: 'b' } },
        right: { kind: 'present', path: { attribute: 'c' } },
      },
    },
  ],
  [
    '(a pr or b pr) AND c pr',
    {
      kind: 'and',
      left: {
        kind: 'or',
        left: { kind: 'present', path: { attribute: 'a' } },
        right: { kind: 'present', path: { attribute: 'b' } },
      },
      right: { kind: 'present', path: { attribute: 'c' } },
    },
  ],
  [
    'a pr and b pr and c pr',
    {
      kind: 'and',
      left: {
        kind: 'and',
        left: { kind: 'present', path: { attribute: 'a' } },
        right: { kind: 'present', path: { attribute: 'b' } },
      },
      right: { kind: 'present', path: { attribute: 'c' } },
    },
  ],
  ['NOT (a pr)', { kind: 'not', operand: { kind: 'present', path: { attribute: 'a' } } }],
  ['not(a pr)', { kind: 'not', operand: { kind: 'present', path: { attribute: 'a' } } }],
  ['((a pr))', { kind: 'present', path: { attribute: 'a' } }],
  [
    'emails[type eq "work" and value co "@example.com"]',
    {
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: eq('type', 'work'),
        right: { kind: 'compare', path: { attribute: 'value' }, op: 'co', value: '@example.com' },
      },
    },
  ],
  [
    'emails[not (type eq "work")] or userName eq "x"',
    {
      kind: 'or',
      left: {
        kind: 'valuePath',
        path: { attribute: 'emails' },
        filter: { kind: 'not', operand: eq('type', 'work') },
      },
      right: eq('userName', 'x'),
    },
  ],
  ['a eq "x)]\\"y"', eq('a', 'x)]"y')],
  ['a eq "back\\\\slash"', eq('a', 'back\\slash')],
  ['a eq "\\u00e9\\n\\/"', eq('a', 'é\n/')],
  ['a eq "😀"', eq('a', '😀')],
  ['a eq 42', eq('a', 42)],
  ['a eq -1.5e3', eq('a', -1500)],
  ['a eq true', eq('a', true)],
  ['a eq FALSE', eq('a', false)],
  ['a eq null', eq('a', null)],
  ['  a   eq\t"x"  ', eq('a', 'x')],
  ['members.$ref pr', { kind: 'present', path: { attribute: 'members', subAttribute: '$ref' } }],
];

describe('RFC 7644 §3.4.2.2 Figure 1: valid filters', () => {
  test.each(VALID)('%s', (text, tree) => {
    expect(parseFilter(text)).toEqual(tree);
  });
});

/** [filter, a fragment the error detail must contain] */
const MALFORMED: [string, string][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['userName', 'expected an operator'],
  ['userName eq', "missing value after 'eq' at offset 9"],
  ['userName regex "x"', "unknown operator 'regex' at offset 9"],
  ['userName eq bjensen', "'bjensen' at offset 12"],
  ['userName eq "bjensen', 'unterminated string starting at offset 12'],
  ['userName eq "a\\qb"', 'invalid escape'],
  ['userName eq "a\u0001"', 'control character'],
  ['userName eq "\\ud800"', 'unpaired surrogate'],
  ['(userName pr', "expected ')' closing the '(' at offset 0"],
  ['userName pr)', "unbalanced ')' at offset 11"],
  ['emails[type eq "work"', "expected ']' closing the '[' at offset 6"],
  ['emails[type eq "work")', "expected ']' closing the '['"],
  ['emails type eq "work"]', "unknown operator 'type' at offset 7"],
  ['userName pr extra', "'extra' at offset 12"],
  ['userName pr and', 'the end of the filter'],
  ['and userName pr', "unknown operator 'userName' at offset 4"],
  ['not userName pr', "'not' at offset 0 must be followed by '('"],
  ['emails[type eq "work" and x[y pr]]', 'value filters cannot nest'],
  ['emails[type eq "work"].value eq "x"', 'only allowed in a PATCH path'],
  ['emails.value[type eq "work"]', 'not to the sub-attribute'],
  ['name.givenName.first pr', 'deeper than one level'],
  ['9lives pr', 'is not an attribute path'],
  ['foo:bar pr', 'does not start with a schema URN'],
  ['urn:ietf:params:scim:schemas:core:2.0:User: pr', 'is not an attribute path'],
  ['userName eq "x" # comment', "unexpected character '#' at offset 16"],
  ['a eq 01', "'01' at offset 5"],
  ['a eq 1e999', "'1e999' at offset 5"],
  ['emails[]', "found ']' at offset 7"],
  ['()', "found ')' at offset 1"],
];

describe('RFC 7644 §3.4.2.2 / §3.12: malformed filters are invalidFilter', () => {
  test.each(MALFORMED)('%j', (text, detail) => {
    const error = catchError(() => parseFilter(text));
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((error as ScimError).message).toContain(detail);
  });
});

describe('hostile filters stop at the limits', () => {
  test('a filter over the length cap', () => {
    const text = `userName eq "${'a'.repeat(MAX_FILTER_LENGTH)}"`;
    expect(catchError(() => parseFilter(text))).toMatchObject({ scimType: 'invalidFilter' });
  });

  test('nesting at the depth cap parses, one more level does not', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(parseFilter(nested(MAX_NESTING_DEPTH))).toEqual({
      kind: 'present',
      path: { attribute: 'a' },
    });
    expect(catchError(() => parseFilter(nested(MAX_NESTING_DEPTH + 1)))).toMatchObject({
      scimType: 'invalidFilter',
      message: expect.stringContaining('deeper than 32 levels'),
    });
  });

  test('deep not-nesting within the length cap fails cleanly, not with a stack overflow', () => {
    const text = `${'not ('.repeat(600)}a pr${')'.repeat(600)}`;
    expect(text.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
    expect(catchError(() => parseFilter(text))).toMatchObject({ scimType: 'invalidFilter' });
  });

  test('a long chain of and stays flat enough to parse', () => {
    const text = Array.from({ length: 300 }, (_, i) => `a${i} pr`).join(' and ');
    expect(text.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
    expect(parseFilter(text).kind).toBe('and');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected an error');
}
