import { applyUserPatch, type UserDoc } from '../../src/scim/patch/apply-user-patch.js';
import { PATCH_OP_URN } from '../../src/scim/patch/read-patch-request.js';
import { ENTERPRISE_USER_URN, USER_SCHEMA_URN } from '../../src/scim/patch/schema-info.js';

const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d';

function provisionedUser(): UserDoc {
  return {
    schemas: [USER_SCHEMA_URN],
    id: '5171a35d82074e068ce2',
    userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
    active: true,
    emails: [{ value: 'Test_User_fd0ea19b@testuser.com', type: 'home', primary: true }],
    meta: { resourceType: 'User' },
  };
}

function patch(...operations: unknown[]) {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

const apply = (...operations: unknown[]) => applyUserPatch(provisionedUser(), patch(...operations));

describe('Entra ID: capitalised op names', () => {
  it('accepts "Add", "Replace" and "Remove"', () => {
    const user = apply(
      { op: 'Add', path: 'title', value: 'Engineer' },
      { op: 'Replace', path: 'displayName', value: 'Test User' },
      { op: 'Remove', path: 'title' },
    );
    expect(user.displayName).toBe('Test User');
    expect(user).not.toHaveProperty('title');
  });
});

describe('Entra ID: booleans sent as strings', () => {
  it('coerces "False", "True" and "true" on boolean attributes and sub-attributes', () => {
    const user = apply(
      { op: 'Replace', path: 'active', value: 'False' },
      {
        op: 'Add',
        path: 'emails',
        value: [{ value: 'w@example.com', type: 'work', primary: 'True' }],
      },
      { op: 'Replace', value: { active: 'true' } },
    );
    expect(user.active).toBe(true);
    expect(user.emails).toEqual([
      { value: 'Test_User_fd0ea19b@testuser.com', type: 'home' },
      { value: 'w@example.com', type: 'work', primary: true },
    ]);
  });
});

describe('Entra ID and OneLogin: path-less values keyed by paths', () => {
  it('reads dotted keys such as name.givenName', () => {
    const user = apply({
      op: 'Replace',
      value: { 'name.givenName': 'Ann', 'name.familyName': 'Lee' },
    });
    expect(user.name).toEqual({ givenName: 'Ann', familyName: 'Lee' });
  });

  it('reads keys that are full extension attribute URNs', () => {
    const value = { [`${ENTERPRISE_USER_URN}:department`]: 'R&D' };
    expect(apply({ op: 'Add', value })[ENTERPRISE_USER_URN]).toEqual({ department: 'R&D' });
  });

  it('reads a key that is the extension URN holding an object', () => {
    const value = { [ENTERPRISE_USER_URN]: { department: 'R&D', costCenter: '4130' } };
    const user = apply({ op: 'replace', value });
    expect(user[ENTERPRISE_USER_URN]).toEqual({ department: 'R&D', costCenter: '4130' });
  });

  it('reads a key that is a filtered path', () => {
    const value = { 'emails[type eq "work"].value': 'w@example.com' };
    expect(apply({ op: 'Replace', value }).emails).toContainEqual({
      type: 'work',
      value: 'w@example.com',
    });
  });
});

describe('Entra ID: setting a sub-attribute of a typed element that does not exist yet', () => {
  it.each([
    ['emails[type eq "work"].value', 'emails', { type: 'work', value: 'w@example.com' }],
    [
      'phoneNumbers[type eq "mobile"].value',
      'phoneNumbers',
      { type: 'mobile', value: '+1 555 0100' },
    ],
    [
      'addresses[type eq "work"].streetAddress',
      'addresses',
      { type: 'work', streetAddress: '1 Main St' },
    ],
  ])('creates the element for %s', (path, attribute, element) => {
    const value = Object.values(element)[1];
    expect(apply({ op: 'Add', path, value })[attribute]).toContainEqual(element);
    expect(apply({ op: 'Replace', path, value })[attribute]).toContainEqual(element);
  });
});

describe('Entra ID: manager as a bare id, cleared with an empty value', () => {
  const path = `${ENTERPRISE_USER_URN}:manager`;

  it('stores a bare id string as manager.value', () => {
    const user = apply({ op: 'Replace', path, value: MANAGER_ID });
    expect(user[ENTERPRISE_USER_URN]).toEqual({ manager: { value: MANAGER_ID } });
  });

  it.each([
    ['an empty string', ''],
    ['an object with an empty value', { value: '' }],
  ])('removes the manager when replaced with %s', (_what, cleared) => {
    const withManager = apply({ op: 'Replace', path, value: MANAGER_ID });
    const user = applyUserPatch(withManager, patch({ op: 'Replace', path, value: cleared }));
    expect(user).not.toHaveProperty([ENTERPRISE_USER_URN]);
  });
});

describe('Single object sent for a multi-valued attribute', () => {
  it('treats it as a one-element array', () => {
    const user = apply({
      op: 'replace',
      path: 'emails',
      value: { value: 'solo@example.com', type: 'work' },
    });
    expect(user.emails).toEqual([{ value: 'solo@example.com', type: 'work' }]);
  });
});

describe('Entra ID and Okta: remove with a value on a multi-valued attribute', () => {
  it('removes only the elements listed in the value', () => {
    const start = apply({
      op: 'add',
      path: 'emails',
      value: [{ value: 'a@x.example', type: 'work' }],
    });
    const body = patch({ op: 'remove', path: 'emails', value: [{ value: 'a@x.example' }] });
    expect(applyUserPatch(start, body).emails).toEqual(provisionedUser().emails);
  });
});

describe('Tolerated noise', () => {
  it('ignores unknown keys in an operation, unknown schema URIs and meta in values', () => {
    const body = {
      schemas: [PATCH_OP_URN, 'urn:example:params:scim:vendor:1.0'],
      Operations: [
        { op: 'replace', path: 'active', value: false, foo: 1 },
        { op: 'replace', value: { meta: { lastModified: '2030-01-01T00:00:00Z' }, title: 'Dev' } },
      ],
    };
    const user = applyUserPatch(provisionedUser(), body);
    expect(user).toEqual({ ...provisionedUser(), active: false, title: 'Dev' });
  });

  it('accepts a message without schemas', () => {
    const user = applyUserPatch(provisionedUser(), {
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(user.active).toBe(false);
  });
});

describe('RFC 7644 §3.5.2.1: add does not duplicate an equal value', () => {
  it('leaves the list as it was when the element is already there, in any case', () => {
    const value = [{ value: 'TEST_USER_FD0EA19B@testuser.com', type: 'Home', primary: true }];
    expect(apply({ op: 'add', path: 'emails', value }).emails).toEqual(provisionedUser().emails);
  });
});

describe('RFC 7643 §2.1: attribute names are case-insensitive', () => {
  it('normalises "Active", "username" and "EMAILS" to the schema spelling', () => {
    const user = apply(
      { op: 'replace', path: 'Active', value: false },
      { op: 'replace', path: 'username', value: 'renamed@example.com' },
      { op: 'add', path: 'EMAILS[TYPE eq "work"].VALUE', value: 'w@example.com' },
      { op: 'replace', value: { DisplayName: 'Renamed' } },
    );
    expect(user).toMatchObject({
      active: false,
      userName: 'renamed@example.com',
      displayName: 'Renamed',
    });
    expect(user).not.toHaveProperty('username');
    expect(user.emails).toContainEqual({ type: 'work', value: 'w@example.com' });
  });
});

describe('RFC 7643 §2.4: primary is true on one element at most', () => {
  it('takes primary away from the others when an added element has it', () => {
    const value = { value: 'w@example.com', type: 'work', primary: true };
    const user = apply({ op: 'add', path: 'emails', value });
    expect(user.emails).toEqual([
      { value: 'Test_User_fd0ea19b@testuser.com', type: 'home' },
      value,
    ]);
  });

  it('takes primary away from the others when a filtered replace sets it', () => {
    const user = apply(
      { op: 'add', path: 'emails[type eq "work"].value', value: 'w@example.com' },
      { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
    );
    expect(user.emails).toEqual([
      { value: 'Test_User_fd0ea19b@testuser.com', type: 'home' },
      { type: 'work', value: 'w@example.com', primary: true },
    ]);
  });

  it('refuses two primary values in one operation', () => {
    const value = [
      { value: 'a@example.com', primary: true },
      { value: 'b@example.com', primary: true },
    ];
    expect(() => apply({ op: 'replace', path: 'emails', value })).toThrow(/primary/);
  });
});

describe('Okta: deactivation with a path-less replace', () => {
  it('sets active to false', () => {
    expect(apply({ op: 'replace', value: { active: false } }).active).toBe(false);
  });
});
