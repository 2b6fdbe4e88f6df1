import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../scim-constants.js';
import {
  assertSqlAlias,
  defineCommonAttributes,
  defineComplex,
  defineScalar,
  defineSingle,
  defineUnfilterable,
  keyAttributes,
  keyByName,
} from './attribute-builders.js';
import { defineCanonicalValues, defineJsonbArray, defineJsonString } from './jsonb-array.js';
import type { FilterTarget, MultiValuedAttribute, TargetAttribute } from './target.js';

const ADDRESS_PARTS = ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'];

/**
 * The SCIM User attributes (RFC 7643 §4.1, enterprise extension §4.3) over the `members` table,
 * whose alias in the caller's query is `alias`.
 */
export function createUserFilterTarget(alias = 'm'): FilterTarget {
  assertSqlAlias(alias);
  const text = (name: string, column: string) =>
    defineSingle(USER_SCHEMA, defineScalar(name, 'string', `${alias}.${column}`));
  const list = (name: string, column: string, values = defineCanonicalValues()) =>
    defineJsonbArray(USER_SCHEMA, name, `${alias}.${column}`, values);

  const core: TargetAttribute[] = [
    ...defineCommonAttributes(USER_SCHEMA, alias),
    text('userName', 'user_name'),
    defineComplex(USER_SCHEMA, 'name', [
      defineScalar('formatted', 'string', `${alias}.name_formatted`),
      defineScalar('familyName', 'string', `${alias}.name_family_name`),
      defineScalar('givenName', 'string', `${alias}.name_given_name`),
      defineScalar('middleName', 'string', `${alias}.name_middle_name`),
      defineScalar('honorificPrefix', 'string', `${alias}.name_honorific_prefix`),
      defineScalar('honorificSuffix', 'string', `${alias}.name_honorific_suffix`),
    ]),
    text('displayName', 'display_name'),
    text('nickName', 'nick_name'),
    defineSingle(USER_SCHEMA, defineScalar('profileUrl', 'reference', `${alias}.profile_url`)),
    text('title', 'title'),
    text('userType', 'user_type'),
    text('preferredLanguage', 'preferred_language'),
    text('locale', 'locale'),
    text('timezone', 'timezone'),
    // Suspended and deprovisioned members are both `active: false` on the wire.
    defineSingle(USER_SCHEMA, defineScalar('active', 'boolean', `(${alias}.status = 'active')`)),
    // RFC 7643 §4.1.1: password is returned "never", so a filter on it would leak its value.
    defineUnfilterable(
      USER_SCHEMA,
      'password',
      "'password' is never returned, so it cannot be filtered or sorted on",
    ),
    list('emails', 'emails'),
    list('phoneNumbers', 'phone_numbers'),
    list('ims', 'ims'),
    list('photos', 'photos', defineCanonicalValues('reference')),
    list('addresses', 'addresses', [
      ...ADDRESS_PARTS.map((part) => defineJsonString(part)),
      ...defineCanonicalValues().slice(2),
    ]),
    defineUserGroups(alias),
    list('entitlements', 'entitlements'),
    list('roles', 'scim_roles'),
    // RFC 7643 §4.1.2: certificate values are base64 DER, compared exactly.
    list('x509Certificates', 'x509_certificates', defineCanonicalValues('binary', true)),
    // TODO(scim-filter-schemas): `schemas` depends on how the serializer renders extensions.
    defineUnfilterable(USER_SCHEMA, 'schemas', 'filtering on schemas is not supported'),
  ];

  return {
    resourceType: 'User',
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    attributes: keyAttributes([...core, ...defineEnterpriseAttributes(alias)]),
  };
}

function defineEnterpriseAttributes(alias: string): TargetAttribute[] {
  const text = (name: string, column: string) =>
    defineSingle(ENTERPRISE_USER_SCHEMA, defineScalar(name, 'string', `${alias}.${column}`));
  const managerName =
    `(SELECT scim_mgr.display_name FROM members scim_mgr` +
    ` WHERE scim_mgr.id = ${alias}.manager_id)`;

  return [
    text('employeeNumber', 'employee_number'),
    text('costCenter', 'cost_center'),
    text('organization', 'organization_name'),
    text('division', 'division'),
    text('department', 'department'),
    defineComplex(ENTERPRISE_USER_SCHEMA, 'manager', [
      defineScalar('value', 'string', `${alias}.manager_id::text`, {
        uuidSql: `${alias}.manager_id`,
      }),
      defineScalar('displayName', 'string', managerName),
    ]),
  ];
}

/**
 * The read-only `groups` (RFC 7643 §4.1.2) come from team membership rows, so a filter on them
 * is one EXISTS on `team_members` and never loads the list.
 */
function defineUserGroups(alias: string): MultiValuedAttribute {
  const rows = `team_members scim_gm WHERE scim_gm.member_id = ${alias}.id`;
  const teamName =
    '(SELECT scim_g.display_name FROM teams scim_g WHERE scim_g.id = scim_gm.team_id)';
  const subAttributes = [
    defineScalar('value', 'string', 'scim_gm.team_id::text', { uuidSql: 'scim_gm.team_id' }),
    defineScalar('display', 'string', teamName),
    // Membership here is always direct; nested groups are not modelled.
    defineScalar('type', 'string', `'direct'::text`),
  ];

  return {
    kind: 'multiValued',
    name: 'groups',
    schema: USER_SCHEMA,
    subAttributes: keyByName(subAttributes),
    matchSome: (condition) => `EXISTS (SELECT 1 FROM ${rows} AND ${condition})`,
    // Membership rows have no order, so the least value stands in for the first one.
    pickFirst: (expression) => `(SELECT ${expression} FROM ${rows} ORDER BY 1 LIMIT 1)`,
  };
}

/** The User target for the conventional alias `m`. */
export const USER_FILTER_TARGET: FilterTarget = createUserFilterTarget();
