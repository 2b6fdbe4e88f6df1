import {
  ENTERPRISE_USER_URN,
  GROUP_SCHEMA_URN,
  USER_SCHEMA_URN,
} from '../../src/scim/patch/schema-info.js';
import { projectResource } from '../../src/scim/projection/project-resource.js';
import { wantsAttribute } from '../../src/scim/projection/wants-attribute.js';

function user(): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_URN],
    id: '2819c223',
    userName: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    password: 'must never leave',
    [ENTERPRISE_USER_URN]: { department: 'Tour Operations', costCenter: '4130' },
    meta: { resourceType: 'User', version: 'W/"1"' },
  };
}

const group = {
  schemas: [GROUP_SCHEMA_URN],
  id: 'e9e30dba',
  displayName: 'Tour Guides',
  members: [{ value: '2819c223', display: 'Babs Jensen' }],
  meta: { resourceType: 'Group' },
};

const always = { schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_URN], id: '2819c223' };

describe('projectResource: attributes (RFC 7644 §3.4.2.5)', () => {
  it('returns only the named attributes plus id and schemas', () => {
    expect(projectResource(user(), { attributes: 'userName' }, 'User')).toEqual({
      ...always,
      userName: 'bjensen',
    });
  });

  it('returns the named sub-attributes of complex and multi-valued attributes', () => {
    expect(projectResource(user(), { attributes: 'name.givenName,emails.value' }, 'User')).toEqual({
      ...always,
      name: { givenName: 'Barbara' },
      emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }],
    });
  });

  it('reads URN-prefixed names and keeps extension attributes under their URN', () => {
    const attributes = [`${USER_SCHEMA_URN}:userName`, `${ENTERPRISE_USER_URN}:department`];
    expect(projectResource(user(), { attributes }, 'User')).toEqual({
      ...always,
      userName: 'bjensen',
      [ENTERPRISE_USER_URN]: { department: 'Tour Operations' },
    });
  });

  it('returns a whole extension when asked by its URN', () => {
    const projected = projectResource(user(), { attributes: ENTERPRISE_USER_URN }, 'User');
    expect(projected[ENTERPRISE_USER_URN]).toEqual(user()[ENTERPRISE_USER_URN]);
  });

  it('matches names in any case', () => {
    const projected = projectResource(user(), { attributes: 'USERNAME, Emails.Type' }, 'User');
    expect(projected).toEqual({
      ...always,
      userName: 'bjensen',
      emails: [{ type: 'work' }, { type: 'home' }],
    });
  });

  it('ignores names no schema defines', () => {
    expect(projectResource(user(), { attributes: 'userName,favouriteColour' }, 'User')).toEqual({
      ...always,
      userName: 'bjensen',
    });
    expect(projectResource(user(), { attributes: 'favouriteColour' }, 'User')).toEqual(always);
  });
});

describe('projectResource: excludedAttributes (RFC 7644 §3.4.2.5)', () => {
  it('removes the named attributes and sub-attributes', () => {
    const projected = projectResource(
      user(),
      { excludedAttributes: 'emails,name.familyName,meta' },
      'User',
    );
    expect(projected).toEqual({
      ...always,
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      [ENTERPRISE_USER_URN]: { department: 'Tour Operations', costCenter: '4130' },
    });
  });

  it('never removes id, which is returned always', () => {
    expect(projectResource(user(), { excludedAttributes: 'id' }, 'User')).toHaveProperty(
      'id',
      '2819c223',
    );
  });

  it('leaves out members of a group (Entra ID reads groups this way)', () => {
    const projected = projectResource(group, { excludedAttributes: 'members' }, 'Group');
    expect(projected).toEqual({
      schemas: [GROUP_SCHEMA_URN],
      id: 'e9e30dba',
      displayName: 'Tour Guides',
      meta: group.meta,
    });
  });
});

describe('projectResource: password is returned never (RFC 7643 §4.1.1)', () => {
  it.each([
    ['by default', {}],
    ['when asked for', { attributes: 'password,userName' }],
    ['when other attributes are excluded', { excludedAttributes: 'emails' }],
  ])('is left out %s', (_what, options) => {
    expect(projectResource(user(), options, 'User')).not.toHaveProperty('password');
  });

  it('does not change the document it reads', () => {
    const input = user();
    projectResource(input, { attributes: 'userName' }, 'User');
    expect(input).toEqual(user());
  });
});

describe('wantsAttribute: skipping the member list', () => {
  it.each([
    [{}, true],
    [{ excludedAttributes: 'members' }, false],
    [{ excludedAttributes: 'Members' }, false],
    [{ excludedAttributes: 'members.display' }, true],
    [{ attributes: 'displayName' }, false],
    [{ attributes: 'displayName,members.value' }, true],
    [{ attributes: `${GROUP_SCHEMA_URN}:members` }, true],
  ])('for %j is %s', (options, expected) => {
    expect(wantsAttribute(options, 'members')).toBe(expected);
  });
});
