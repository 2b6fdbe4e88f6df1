import type { PatchPath } from '../../src/scim/filter/ast.js';
import { parsePatchPath } from '../../src/scim/filter/patch-path.js';
import { ScimError } from '../../src/scim/scim-error.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** PATCH paths of RFC 7644 §3.5.2 (its examples among them) and what they parse to. */
const VALID: [string, PatchPath][] = [
  ['members', { path: { attribute: 'members' } }],
  ['name.givenName', { path: { attribute: 'name', subAttribute: 'givenName' } }],
  [
    'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    {
      path: { attribute: 'members' },
      valueFilter: {
        kind: 'compare',
        path: { attribute: 'value' },
        op: 'eq',
        value: '2819c223-7f76-453a-919d-413861904646',
      },
    },
  ],
  [
    'emails[type eq "work"].value',
    {
      path: { attribute: 'emails' },
      valueFilter: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
      subAttribute: 'value',
    },
  ],
  [
    'addresses[type eq "work" and primary eq true].streetAddress',
    {
      path: { attribute: 'addresses' },
      valueFilter: {
        kind: 'and',
        left: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work' },
        right: { kind: 'compare', path: { attribute: 'primary' }, op: 'eq', value: true },
      },
      subAttribute: 'streetAddress',
    },
  ],
  [`${ENTERPRISE}:manager`, { path: { schema: ENTERPRISE, attribute: 'manager' } }],
  [
    `${ENTERPRISE}:manager.value`,
    { path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' } },
  ],
  [
    'urn:ietf:params:scim:schemas:core:2.0:User:emails[value ew "]"].display',
    {
      path: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'emails' },
      valueFilter: { kind: 'compare', path: { attribute: 'value' }, op: 'ew', value: ']' },
      subAttribute: 'display',
    },
  ],
];

describe('RFC 7644 §3.5.2: valid PATCH paths', () => {
  test.each(VALID)('%s', (text, parsed) => {
    expect(parsePatchPath(text)).toEqual(parsed);
  });
});

/** [path, a fragment the error detail must contain] */
const MALFORMED: [string, string][] = [
  ['', 'empty'],
  ['members value', "'value' at offset 8"],
  ['emails[type eq "work"', "expected ']' closing the '[' at offset 6"],
  ['emails[type eq "work"]value', "'value' at offset 22"],
  ['emails[type eq "work"].value.x', 'is not a sub-attribute'],
  ['emails[type eq "work"].', 'is not a sub-attribute'],
  ['emails[type eq]', "found ']' at offset 14"],
  ['emails[type eq "work"][primary eq true]', "'[' at offset 22"],
  ['emails[x[y pr]]', 'value filters cannot nest'],
  ['emails[type eq "work"] and x pr', "'and' at offset 23"],
  ['"emails"', 'expected an attribute path'],
  ['name.givenName.x', 'deeper than one level'],
];

describe('RFC 7644 §3.5.2 / §3.12: malformed paths are invalidPath', () => {
  test.each(MALFORMED)('%j', (text, detail) => {
    let error: unknown;
    try {
      parsePatchPath(text);
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidPath' });
    expect((error as ScimError).message).toContain(detail);
  });
});
