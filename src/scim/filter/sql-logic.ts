/**
 * `comparison` made two-valued: false, not NULL, when `operand` is NULL. Filters must stay
 * two-valued so `not (…)` matches exactly what the inner filter does not (RFC 7644 §3.4.2.2).
 * An AND keeps `comparison` a plain clause, so an index on its left side stays usable, which a
 * COALESCE around it would prevent.
 */
export function compareKnown(comparison: string, operand: string): string {
  return `(${comparison} AND ${operand} IS NOT NULL)`;
}

/** Case-insensitive attributes compare lower-cased on both sides (RFC 7643 §2.2 caseExact). */
export function foldCase(sql: string, caseExact: boolean): string {
  return caseExact ? sql : `lower(${sql})`;
}
