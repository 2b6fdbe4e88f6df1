/**
 * The parsed form of an RFC 7644 §3.4.2.2 filter and of a PATCH path (§3.5.2). Attribute names
 * keep the spelling the client sent; consumers compare them case-insensitively (RFC 7643 §2.1).
 */

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal of the filter grammar: a JSON string, number, boolean or null. */
export type FilterValue = string | number | boolean | null;

/**
 * `urn:…:User:name.givenName` →
 * `{ schema: 'urn:…:User', attribute: 'name', subAttribute: 'givenName' }`
 */
export interface AttributePath {
  /** The schema URN prefix, when the client wrote one. */
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

export type FilterNode =
  | { kind: 'compare'; path: AttributePath; op: CompareOperator; value: FilterValue }
  | { kind: 'present'; path: AttributePath }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  /** `emails[type eq "work" and value co "@example.com"]`: `filter` applies to each element. */
  | { kind: 'valuePath'; path: AttributePath; filter: FilterNode };

/**
 * A PATCH `path`: `members`, `name.givenName`, `emails[type eq "work"].value`,
 * `members[value eq "2819c223"]`, or an extension URN with an attribute.
 */
export interface PatchPath {
  path: AttributePath;
  /** The value filter in brackets, selecting elements of a multi-valued attribute. */
  valueFilter?: FilterNode;
  /** The sub-attribute after the brackets (`.value` in `emails[type eq "work"].value`). */
  subAttribute?: string;
}
