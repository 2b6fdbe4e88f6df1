import { defineScalar, keyByName } from './attribute-builders.js';
import type { MultiValuedAttribute, ScalarAttribute, ScalarType } from './target.js';

/** The alias of one array element inside the compiler's subqueries. */
const ELEMENT = 'scim_e';

/** A string member of the element; a non-object element yields NULL rather than an error. */
export function defineJsonString(
  name: string,
  type: ScalarType = 'string',
  caseExact = false,
): ScalarAttribute {
  return defineScalar(name, type, `${ELEMENT}->>'${name}'`, { caseExact });
}

/**
 * A boolean member. Matching the text instead of casting means a stored `"yes"` reads as
 * absent instead of failing the whole query, and the string `"true"` some clients send still
 * counts.
 */
export function defineJsonBoolean(name: string): ScalarAttribute {
  const text = `lower(${ELEMENT}->>'${name}')`;
  const sql = `CASE ${text} WHEN 'true' THEN true WHEN 'false' THEN false END`;
  return defineScalar(name, 'boolean', sql);
}

/** value, display, type and primary: the sub-attributes RFC 7643 §2.4 gives most lists. */
export function defineCanonicalValues(
  valueType: ScalarType = 'string',
  valueCaseExact = false,
): ScalarAttribute[] {
  return [
    defineJsonString('value', valueType, valueCaseExact),
    defineJsonString('display'),
    defineJsonString('type'),
    defineJsonBoolean('primary'),
  ];
}

/**
 * A multi-valued attribute kept as a JSONB array of objects. A column that holds anything but
 * an array is treated as empty, so one bad row cannot fail every search.
 */
export function defineJsonbArray(
  schema: string,
  name: string,
  column: string,
  subAttributes: readonly ScalarAttribute[],
): MultiValuedAttribute {
  const array = `CASE WHEN jsonb_typeof(${column}) = 'array' THEN ${column} END`;
  const elements = `jsonb_array_elements(${array})`;
  const primary = defineJsonBoolean('primary').sql;

  return {
    kind: 'multiValued',
    name,
    schema,
    subAttributes: keyByName(subAttributes),
    matchSome: (condition) => `EXISTS (SELECT 1 FROM ${elements} AS ${ELEMENT} WHERE ${condition})`,
    pickFirst: (expression) =>
      `(SELECT ${expression} FROM ${elements} WITH ORDINALITY AS scim_o(${ELEMENT}, scim_pos)` +
      ` ORDER BY ${primary} IS TRUE DESC, scim_pos LIMIT 1)`,
  };
}
