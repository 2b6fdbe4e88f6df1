/**
 * How SCIM attributes of one resource type map onto SQL. The compiler only reads these tables;
 * `user-attributes.ts` and `group-attributes.ts` fill them.
 */

/** RFC 7643 §2.3 types that have a filterable column here (no integer or decimal attribute). */
export type ScalarType = 'string' | 'reference' | 'binary' | 'boolean' | 'dateTime';

/** One value a filter compares: a column, or a sub-attribute of a complex attribute. */
export interface ScalarAttribute {
  /** The SCIM name, as error details print it. */
  readonly name: string;
  readonly type: ScalarType;
  /** RFC 7643 §2.2: whether string comparison respects case. */
  readonly caseExact: boolean;
  /** SQL yielding the value: text for strings, boolean, or timestamptz. */
  readonly sql: string;
  /** The uuid column `sql` is the text of, so `eq` on a well-formed id can use its index. */
  readonly uuidSql?: string;
}

export interface SingleAttribute {
  readonly kind: 'single';
  readonly schema: string;
  readonly attribute: ScalarAttribute;
}

/** A singular complex attribute (`name`, `manager`, `meta`) whose sub-attributes are columns. */
export interface ComplexAttribute {
  readonly kind: 'complex';
  readonly name: string;
  readonly schema: string;
  /** Keyed by the lower-cased sub-attribute name. */
  readonly subAttributes: ReadonlyMap<string, ScalarAttribute>;
}

/**
 * A multi-valued complex attribute. Its sub-attribute SQL refers to one element, and only
 * makes sense inside `matchSome` or `pickFirst`.
 */
export interface MultiValuedAttribute {
  readonly kind: 'multiValued';
  readonly name: string;
  readonly schema: string;
  readonly subAttributes: ReadonlyMap<string, ScalarAttribute>;
  /** SQL that is true when some element satisfies `condition`, and never NULL. */
  matchSome(condition: string): string;
  /** SQL yielding `expression` for the primary element, else the first (RFC 7644 §3.4.2.3). */
  pickFirst(expression: string): string;
}

/** Known to the schema but refused in filters and sorting, with the reason told to the client. */
export interface UnfilterableAttribute {
  readonly kind: 'unfilterable';
  readonly name: string;
  readonly schema: string;
  readonly reason: string;
}

export type TargetAttribute =
  SingleAttribute | ComplexAttribute | MultiValuedAttribute | UnfilterableAttribute;

/** Everything the compiler needs to know about one resource type's table. */
export interface FilterTarget {
  readonly resourceType: string;
  /** The schema URNs an attribute path may be prefixed with (RFC 7644 §3.10). */
  readonly schemas: readonly string[];
  /** Keyed by the lower-cased attribute name (RFC 7643 §2.1: names are case-insensitive). */
  readonly attributes: ReadonlyMap<string, TargetAttribute>;
}
