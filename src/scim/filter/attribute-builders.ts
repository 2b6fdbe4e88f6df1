import type {
  ComplexAttribute,
  ScalarAttribute,
  ScalarType,
  SingleAttribute,
  TargetAttribute,
  UnfilterableAttribute,
} from './target.js';

/** Aliases starting `scim_` belong to the compiler's own subqueries. */
const SQL_ALIAS = /^[a-z_][a-z0-9_]*$/;

/** Callers name the table alias; it goes into SQL text, so only plain identifiers are taken. */
export function assertSqlAlias(alias: string): void {
  if (!SQL_ALIAS.test(alias) || alias.startsWith('scim_')) {
    throw new TypeError(`'${alias}' is not a usable table alias`);
  }
}

interface ScalarOptions {
  caseExact?: boolean;
  uuidSql?: string;
}

/** RFC 7643 §2.2: caseExact defaults to false. */
export function defineScalar(
  name: string,
  type: ScalarType,
  sql: string,
  options: ScalarOptions = {},
): ScalarAttribute {
  return { name, type, sql, caseExact: options.caseExact ?? false, uuidSql: options.uuidSql };
}

export function defineSingle(schema: string, attribute: ScalarAttribute): SingleAttribute {
  return { kind: 'single', schema, attribute };
}

export function defineComplex(
  schema: string,
  name: string,
  subAttributes: readonly ScalarAttribute[],
): ComplexAttribute {
  return { kind: 'complex', name, schema, subAttributes: keyByName(subAttributes) };
}

export function defineUnfilterable(
  schema: string,
  name: string,
  reason: string,
): UnfilterableAttribute {
  return { kind: 'unfilterable', name, schema, reason };
}

/**
 * `id`, `externalId` and `meta` are common to every resource (RFC 7643 §3.1). They are listed
 * under the core schema so a client may still write the core URN prefix.
 */
export function defineCommonAttributes(schema: string, alias: string): TargetAttribute[] {
  return [
    defineSingle(
      schema,
      defineScalar('id', 'string', `${alias}.id::text`, {
        caseExact: true,
        uuidSql: `${alias}.id`,
      }),
    ),
    defineSingle(
      schema,
      defineScalar('externalId', 'string', `${alias}.external_id`, { caseExact: true }),
    ),
    defineComplex(schema, 'meta', [
      defineScalar('created', 'dateTime', `${alias}.created_at`),
      defineScalar('lastModified', 'dateTime', `${alias}.updated_at`),
    ]),
  ];
}

/** Lower-cased keys, because attribute names are case-insensitive (RFC 7643 §2.1). */
export function keyByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name.toLowerCase(), item]));
}

export function keyAttributes(
  attributes: readonly TargetAttribute[],
): Map<string, TargetAttribute> {
  return new Map(attributes.map((item) => [nameAttribute(item).toLowerCase(), item]));
}

export function nameAttribute(attribute: TargetAttribute): string {
  return attribute.kind === 'single' ? attribute.attribute.name : attribute.name;
}
