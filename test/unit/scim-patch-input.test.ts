import { applyUserPatch } from '../../src/scim/patch/apply-user-patch.js';
import { normaliseGroupInput } from '../../src/scim/patch/normalise-group-input.js';
import { normaliseUserInput } from '../../src/scim/patch/normalise-user-input.js';
import { ENTERPRISE_USER_URN, USER_SCHEMA_URN } from '../../src/scim/patch/schema-info.js';
import { ScimError } from '../../src/scim/scim-error.js';

function scimTypeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof ScimError) return e.scimType;
    throw e;
  }
  throw new Error('expected a ScimError');
}

/** A POST body in the Entra ID dialect. */
const entraPost = {
  schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_URN],
  id: 'chosen-by-the-client',
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  UserName: 'Test_User_ab6490ee@contoso.com',
  active: 'True',
  displayName: 'Test User',
  emails: { Primary: 'true', type: 'work', value: 'Test_User_11bb6e6b@contoso.com' },
  [ENTERPRISE_USER_URN]: { Department: 'R&D', manager: '26118915-6090-4610-87e4-49d8ca9f808d' },
  groups: [{ value: 'g1' }],
  meta: { resourceType: 'User' },
};

describe('normaliseUserInput (POST and PUT bodies)', () => {
  it('applies the PATCH dialect fixes and drops read-only attributes', () => {
    expect(normaliseUserInput(entraPost)).toEqual({
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee@contoso.com',
      active: true,
      displayName: 'Test User',
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb6e6b@contoso.com' }],
      [ENTERPRISE_USER_URN]: {
        department: 'R&D',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      },
    });
  });

  it('agrees with a path-less PATCH replace of the same body', () => {
    const patched = applyUserPatch({}, { Operations: [{ op: 'replace', value: entraPost }] });
    expect(normaliseUserInput(entraPost)).toEqual(patched);
  });

  it('keeps a password for the caller to hash', () => {
    expect(normaliseUserInput({ userName: 'ann', password: 's3cret!' }).password).toBe('s3cret!');
  });

  it('reads flattened extension keys (OneLogin)', () => {
    const body = { userName: 'ann', [`${ENTERPRISE_USER_URN}:employeeNumber`]: '701984' };
    expect(normaliseUserInput(body)[ENTERPRISE_USER_URN]).toEqual({ employeeNumber: '701984' });
  });

  it('ignores attributes no schema defines', () => {
    expect(normaliseUserInput({ userName: 'ann', favouriteColour: 'teal' })).toEqual({
      userName: 'ann',
    });
  });

  it.each([
    ['missing', {}],
    ['empty', { userName: '' }],
    ['not a string', { userName: 42 }],
  ])('refuses a userName that is %s with invalidValue', (_what, body) => {
    expect(scimTypeOf(() => normaliseUserInput(body))).toBe('invalidValue');
  });

  it('checks types as PATCH does', () => {
    expect(scimTypeOf(() => normaliseUserInput({ userName: 'ann', active: 'yes' }))).toBe(
      'invalidValue',
    );
  });

  it('refuses a body that is not an object with invalidSyntax', () => {
    expect(scimTypeOf(() => normaliseUserInput('ann'))).toBe('invalidSyntax');
  });
});

describe('normaliseGroupInput (POST and PUT bodies)', () => {
  it('keeps displayName, externalId and member ids, and ignores id, schemas and meta', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'client-chosen',
      DisplayName: 'Tour Guides',
      externalId: 'ext-7',
      members: [{ value: 'u1', display: 'Ann' }, { value: 'u2' }, { value: 'u1' }],
      meta: { resourceType: 'Group' },
    };
    expect(normaliseGroupInput(body)).toEqual({
      displayName: 'Tour Guides',
      externalId: 'ext-7',
      members: ['u1', 'u2'],
    });
  });

  it('accepts a group without members', () => {
    expect(normaliseGroupInput({ displayName: 'Empty' })).toEqual({
      displayName: 'Empty',
      members: [],
    });
  });

  it.each([
    ['without displayName', { members: [] }],
    ['with a member value that is not a string', { displayName: 'G', members: [{ value: 1 }] }],
  ])('refuses a group %s with invalidValue', (_what, body) => {
    expect(scimTypeOf(() => normaliseGroupInput(body))).toBe('invalidValue');
  });
});
