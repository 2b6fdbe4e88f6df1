import type { FilterNode } from '../../src/scim/filter/ast.js';
import { compileFilter } from '../../src/scim/filter/compile.js';
import { GROUP_FILTER_TARGET } from '../../src/scim/filter/group-attributes.js';
import { MAX_FILTER_LENGTH } from '../../src/scim/filter/limits.js';
import { parseFilter } from '../../src/scim/filter/parse.js';
import { SqlParams } from '../../src/scim/filter/sql-params.js';
import type { FilterTarget } from '../../src/scim/filter/target.js';
import { USER_FILTER_TARGET } from '../../src/scim/filter/user-attributes.js';
import { ScimError } from '../../src/scim/scim-error.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function compile(filter: string | FilterNode, target: FilterTarget = USER_FILTER_TARGET): string {
  const node = typeof filter === 'string' ? parseFilter(filter) : filter;
  return compileFilter(node, target, new SqlParams());
}

/**
 * [filter, a fragment of the detail]: well-formed filters the User table cannot answer.
 * RFC 7644 §3.4.2.2: "the specified attribute and filter comparison combination is not
 * supported" is invalidFilter.
 */
const REFUSED: [string, string][] = [
  ['nope eq "x"', "unknown attribute 'nope' for User"],
  ['password eq "secret"', "'password' is never returned"],
  ['password pr', "'password' is never returned"],
  ['schemas eq "urn:x"', 'not supported'],
  ['urn:example:other:1.0:User:userName eq "x"', 'is not a schema of User'],
  [`${ENTERPRISE}:userName eq "x"`, "has no attribute 'userName'"],
  [`${CORE}:employeeNumber eq "x"`, "has no attribute 'employeeNumber'"],
  ['active gt true', "'gt' does not apply to the boolean active"],
  ['active co "t"', "'co' does not apply to the boolean active"],
  ['active eq "true"', 'compare it with true or false'],
  ['emails.primary eq 1', 'emails.primary is a boolean'],
  ['userName eq 5', 'compare it with a quoted string, not 5'],
  ['userName sw true', 'not true'],
  ['userName gt null', 'cannot compare userName with null'],
  ['meta.created gt "yesterday"', 'is not an xsd:dateTime'],
  ['meta.created gt "2025-01-01T00:00:00"', 'is not an xsd:dateTime'],
  ['meta.lastModified lt 5', 'is not an xsd:dateTime'],
  ['meta.created co "2025"', "'co' does not apply to the dateTime meta.created"],
  ['name eq "x"', "'name' is complex"],
  ['name.nope eq "x"', "'name' has no sub-attribute 'nope'"],
  ['userName.first eq "y"', "'userName' has no sub-attribute 'first'"],
  ['userName[value eq "x"]', 'a value filter needs a complex attribute'],
  ['emails[nope eq "x"]', "'emails' has no sub-attribute 'nope'"],
  ['emails[value.x eq "y"]', "inside 'emails[…]' name a sub-attribute"],
  ['addresses eq "x"', "'addresses' has no 'value'"],
  ['x509Certificates.value gt "MII"', 'cannot compare the binary attribute x509Certificates.value'],
];

describe('RFC 7644 §3.4.2.2: unsupported attribute and operator combinations', () => {
  test.each(REFUSED)('%s', (filter, detail) => {
    let error: unknown;
    try {
      compile(filter);
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((error as ScimError).message).toContain(detail);
  });

  test('Group attributes are not User attributes', () => {
    expect(() => compile('userName eq "x"', GROUP_FILTER_TARGET)).toThrow(
      "unknown attribute 'userName' for Group",
    );
  });

  test('a hand-built nested value path is refused too', () => {
    const inner: FilterNode = { kind: 'present', path: { attribute: 'value' } };
    const nested: FilterNode = {
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: { kind: 'valuePath', path: { attribute: 'type' }, filter: inner },
    };
    expect(() => compile(nested)).toThrow('value filters cannot nest');
  });
});

describe('compiling long filters', () => {
  test('the longest and-chain the length cap admits compiles', () => {
    const filter = Array.from({ length: 409 }, () => 'id pr').join(' and ');
    expect(filter.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
    expect(compile(filter).match(/ AND /g)).toHaveLength(408);
  });
});
