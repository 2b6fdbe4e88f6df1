import { applyUserPatch, type UserDoc } from '../../src/scim/patch/apply-user-patch.js';
import { PATCH_OP_URN } from '../../src/scim/patch/read-patch-request.js';
import { ENTERPRISE_USER_URN, USER_SCHEMA_URN } from '../../src/scim/patch/schema-info.js';
import { ScimError } from '../../src/scim/scim-error.js';

const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d';

function bjensen(): UserDoc {
  return {
    schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_URN],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'bjensen',
    userName: 'bjensen@example.com',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    [ENTERPRISE_USER_URN]: { department: 'Tour Operations', manager: { value: MANAGER_ID } },
    groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides' }],
    meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', version: 'W/"1"' },
  };
}

function patch(...operations: unknown[]) {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

function scimTypeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof ScimError) return e.scimType;
    throw e;
  }
  throw new Error('expected a ScimError');
}

describe('RFC 7644 §3.5.2.1 add', () => {
  it('sets a single-valued attribute', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'add', path: 'title', value: 'Tour Guide' }),
    );
    expect(user.title).toBe('Tour Guide');
  });

  it('merges the given sub-attributes into a complex attribute', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'add', path: 'name', value: { middleName: 'J' } }),
    );
    expect(user.name).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'J' });
  });

  it('appends to a multi-valued attribute', () => {
    const value = [{ value: 'b@other.example', type: 'other' }];
    const user = applyUserPatch(bjensen(), patch({ op: 'add', path: 'emails', value }));
    expect(user.emails).toHaveLength(3);
    expect((user.emails as unknown[])[2]).toEqual(value[0]);
  });

  it('without a path, adds each attribute of the value', () => {
    const value = { nickName: 'Babs', locale: 'en-US' };
    const user = applyUserPatch(bjensen(), patch({ op: 'add', value }));
    expect(user).toMatchObject(value);
  });

  it('sets a sub-attribute path such as name.givenName', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'add', path: 'name.givenName', value: 'Ann' }),
    );
    expect(user.name).toEqual({ givenName: 'Ann', familyName: 'Jensen' });
  });
});

describe('RFC 7644 §3.5.2.3 replace', () => {
  it('replaces all values of a multi-valued attribute when there is no filter', () => {
    const value = [{ value: 'only@example.com', type: 'work' }];
    const user = applyUserPatch(bjensen(), patch({ op: 'replace', path: 'emails', value }));
    expect(user.emails).toEqual(value);
  });

  it('replaces the matching element whole when a filter has no sub-attribute', () => {
    const path = 'emails[type eq "home"]';
    const value = { value: 'new@jensen.org', type: 'home' };
    const user = applyUserPatch(bjensen(), patch({ op: 'replace', path, value }));
    expect(user.emails).toEqual([(bjensen().emails as unknown[])[0], value]);
  });

  it('changes only the sub-attribute of the matching elements', () => {
    const path = 'emails[type eq "home"].value';
    const user = applyUserPatch(bjensen(), patch({ op: 'replace', path, value: 'b@jensen.org' }));
    expect(user.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'b@jensen.org', type: 'home' },
    ]);
  });

  it('leaves the sub-attributes of a complex attribute that the value does not name', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'replace', path: 'name', value: { givenName: 'Ann' } }),
    );
    expect(user.name).toEqual({ givenName: 'Ann', familyName: 'Jensen' });
  });

  it('treats a replace of an attribute that is not there as an add', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'replace', path: 'nickName', value: 'Babs' }),
    );
    expect(user.nickName).toBe('Babs');
  });

  it('is noTarget when a filter without sub-attribute matches nothing', () => {
    const op = { op: 'replace', path: 'emails[type eq "other"]', value: { value: 'x@y' } };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('noTarget');
  });
});

describe('RFC 7644 §3.5.2.2 remove', () => {
  it('removes a single-valued attribute', () => {
    const user = applyUserPatch(bjensen(), patch({ op: 'remove', path: 'displayName' }));
    expect(user).not.toHaveProperty('displayName');
  });

  it('removes the elements a filter matches', () => {
    const user = applyUserPatch(bjensen(), patch({ op: 'remove', path: 'emails[type eq "work"]' }));
    expect(user.emails).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('leaves the attribute unassigned when the last element goes', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'remove', path: 'emails[type eq "work" or type eq "home"]' }),
    );
    expect(user).not.toHaveProperty('emails');
  });

  it('removes a sub-attribute of the matching elements', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'remove', path: 'emails[type eq "work"].primary' }),
    );
    expect((user.emails as unknown[])[0]).toEqual({ value: 'bjensen@example.com', type: 'work' });
  });

  it('is noTarget when the filter matches nothing', () => {
    const op = { op: 'remove', path: 'emails[type eq "other"]' };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('noTarget');
  });

  it('is noTarget without a path', () => {
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch({ op: 'remove' })))).toBe('noTarget');
  });

  it('drops the extension object with its last attribute', () => {
    const user = applyUserPatch(
      bjensen(),
      patch(
        { op: 'remove', path: `${ENTERPRISE_USER_URN}:department` },
        { op: 'remove', path: `${ENTERPRISE_USER_URN}:manager` },
      ),
    );
    expect(user).not.toHaveProperty([ENTERPRISE_USER_URN]);
  });

  it('removes the whole extension when the path is its URN', () => {
    const user = applyUserPatch(bjensen(), patch({ op: 'remove', path: ENTERPRISE_USER_URN }));
    expect(user).not.toHaveProperty([ENTERPRISE_USER_URN]);
  });
});

describe('RFC 7643 §7 read-only attributes', () => {
  it.each(['id', 'meta', 'meta.lastModified', 'groups', 'schemas'])(
    'refuses an explicit path to %s with mutability',
    (path) => {
      const op = { op: 'replace', path, value: 'x' };
      expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('mutability');
    },
  );

  it('ignores read-only attributes inside a path-less value (RFC 7644 §3.5.2)', () => {
    const value = {
      id: 'other',
      meta: { version: 'W/"9"' },
      groups: [],
      schemas: [],
      title: 'Guide',
    };
    const user = applyUserPatch(bjensen(), patch({ op: 'replace', value }));
    expect(user).toEqual({ ...bjensen(), title: 'Guide' });
  });
});

describe('paths the schema does not define', () => {
  it.each([
    ['an unknown attribute', 'favouriteColour'],
    ['an unknown sub-attribute', 'name.nickname'],
    ['a filter on a single-valued attribute', 'name[givenName eq "x"]'],
    ['a path that does not parse', 'emails[type eq'],
  ])('refuses %s with invalidPath', (_what, path) => {
    const op = { op: 'replace', path, value: 'x' };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('invalidPath');
  });
});

describe('values checked against the schema type', () => {
  it('refuses a number for a string attribute, naming the attribute', () => {
    const run = () =>
      applyUserPatch(bjensen(), patch({ op: 'replace', path: 'displayName', value: 7 }));
    expect(scimTypeOf(run)).toBe('invalidValue');
    expect(run).toThrow(/displayName/);
  });

  it('refuses "yes" for a boolean attribute', () => {
    const op = { op: 'replace', path: 'active', value: 'yes' };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('invalidValue');
  });

  it('refuses a string where a complex value is expected', () => {
    const op = { op: 'replace', path: 'name', value: 'Barbara Jensen' };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('invalidValue');
  });

  it('refuses to remove userName (RFC 7643 §4.1.1: REQUIRED)', () => {
    const op = { op: 'remove', path: 'userName' };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('invalidValue');
  });

  it('refuses an empty userName', () => {
    const op = { op: 'replace', path: 'userName', value: '' };
    expect(scimTypeOf(() => applyUserPatch(bjensen(), patch(op)))).toBe('invalidValue');
  });

  it('keeps a password set by PATCH for the caller to hash', () => {
    const user = applyUserPatch(
      bjensen(),
      patch({ op: 'replace', path: 'password', value: 't1meMa$heen' }),
    );
    expect(user.password).toBe('t1meMa$heen');
  });
});

describe('atomicity', () => {
  it('throws and leaves the input unchanged when a later operation fails', () => {
    const input = bjensen();
    const body = patch(
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'replace', path: 'active', value: 'maybe' },
    );
    expect(scimTypeOf(() => applyUserPatch(input, body))).toBe('invalidValue');
    expect(input).toEqual(bjensen());
  });

  it('returns a new document and never mutates the input', () => {
    const input = bjensen();
    const user = applyUserPatch(input, patch({ op: 'remove', path: 'emails[type eq "home"]' }));
    expect(user).not.toBe(input);
    expect(input).toEqual(bjensen());
  });
});

describe('malformed PatchOp messages (RFC 7644 §3.12)', () => {
  it.each([
    ['a body that is not an object', [], 'invalidSyntax'],
    ['no Operations', { schemas: [PATCH_OP_URN] }, 'invalidSyntax'],
    ['an empty Operations array', patch(), 'invalidSyntax'],
    ['Operations that is not an array', { Operations: { op: 'add' } }, 'invalidSyntax'],
    ['an operation that is not an object', patch('add'), 'invalidSyntax'],
    ['an operation without op', patch({ path: 'active', value: false }), 'invalidSyntax'],
    ['an unknown op', patch({ op: 'move', path: 'active', value: false }), 'invalidSyntax'],
    ['a path that is not a string', patch({ op: 'replace', path: 7, value: false }), 'invalidPath'],
    ['a bad path', patch({ op: 'replace', path: 'emails[type', value: 'x' }), 'invalidPath'],
    ['an add without value', patch({ op: 'add', path: 'title' }), 'invalidValue'],
    [
      'a path-less add whose value is not an object',
      patch({ op: 'add', value: 'x' }),
      'invalidValue',
    ],
  ])('refuses %s', (_what, body, scimType) => {
    expect(scimTypeOf(() => applyUserPatch(bjensen(), body))).toBe(scimType);
  });
});
