import { GROUP_SCHEMA } from '../scim-constants.js';
import {
  assertSqlAlias,
  defineCommonAttributes,
  defineScalar,
  defineSingle,
  keyAttributes,
  keyByName,
} from './attribute-builders.js';
import type { FilterTarget, MultiValuedAttribute } from './target.js';

/** The SCIM Group attributes (RFC 7643 §4.2) over the `teams` table aliased `alias`. */
export function createGroupFilterTarget(alias = 't'): FilterTarget {
  assertSqlAlias(alias);

  return {
    resourceType: 'Group',
    schemas: [GROUP_SCHEMA],
    attributes: keyAttributes([
      ...defineCommonAttributes(GROUP_SCHEMA, alias),
      defineSingle(GROUP_SCHEMA, defineScalar('displayName', 'string', `${alias}.display_name`)),
      defineGroupMembers(alias),
    ]),
  };
}

/**
 * `members` may hold many thousands of rows, so every filter on it is one EXISTS over
 * `team_members`, answered from its (team_id, member_id) key; the list is never loaded.
 */
function defineGroupMembers(alias: string): MultiValuedAttribute {
  const rows = `team_members scim_tm WHERE scim_tm.team_id = ${alias}.id`;
  const memberName =
    '(SELECT scim_u.display_name FROM members scim_u WHERE scim_u.id = scim_tm.member_id)';
  const subAttributes = [
    defineScalar('value', 'string', 'scim_tm.member_id::text', { uuidSql: 'scim_tm.member_id' }),
    defineScalar('display', 'string', memberName),
    // Only users can be members; groups of groups are not modelled.
    defineScalar('type', 'string', `'User'::text`),
  ];

  return {
    kind: 'multiValued',
    name: 'members',
    schema: GROUP_SCHEMA,
    subAttributes: keyByName(subAttributes),
    matchSome: (condition) => `EXISTS (SELECT 1 FROM ${rows} AND ${condition})`,
    // Membership rows have no order, so the least value stands in for the first one.
    pickFirst: (expression) => `(SELECT ${expression} FROM ${rows} ORDER BY 1 LIMIT 1)`,
  };
}

/** The Group target for the conventional alias `t`. */
export const GROUP_FILTER_TARGET: FilterTarget = createGroupFilterTarget();
