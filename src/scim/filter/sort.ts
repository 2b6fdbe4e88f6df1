import { ScimError } from '../scim-error.js';
import type { AttributePath } from './ast.js';
import { readAttributePath } from './attribute-path.js';
import { findAttribute, findImpliedValue, findSubAttribute } from './find-attribute.js';
import { MAX_FILTER_LENGTH, type FailWith } from './limits.js';
import { foldCase } from './sql-logic.js';
import type { FilterTarget, ScalarAttribute } from './target.js';
import { tokenize } from './tokenize.js';

/**
 * RFC 7644 §3.4.2.3 does not say how to answer a `sortBy` naming an unknown attribute. Ignoring
 * it would hand back an order the client did not ask for without saying so, and invalidFilter
 * would send the client looking at the wrong parameter, so it is a 400 invalidValue.
 */
const failSort: FailWith = (detail) => ScimError.invalidValue(`sortBy: ${detail}`);

/**
 * SQL for ORDER BY from a `sortBy` parameter (RFC 7644 §3.4.2.3); the caller appends ASC or
 * DESC. Attributes without a value yield NULL, which Postgres puts last ascending and first
 * descending, as §3.4.2.3 asks. A multi-valued attribute sorts by its primary value, else its
 * first.
 */
export function compileSort(sortBy: string, target: FilterTarget): string {
  const path = readSortPath(sortBy);
  const attribute = findAttribute(path, target, failSort);
  const name = path.subAttribute;

  switch (attribute.kind) {
    case 'single':
      if (name !== undefined) throw failSort(`'${path.attribute}' has no sub-attributes`);
      return sortKey(attribute.attribute, attribute.attribute.sql);
    case 'complex': {
      // §3.4.2.3: a complex attribute must be named down to a sub-attribute.
      if (name === undefined) throw failSort(`name a sub-attribute of '${attribute.name}'`);
      const sub = findSubAttribute(attribute, name, failSort);
      return sortKey(sub, sub.sql);
    }
    case 'multiValued': {
      const sub =
        name === undefined
          ? findImpliedValue(attribute, failSort)
          : findSubAttribute(attribute, name, failSort);
      return sortKey(sub, attribute.pickFirst(sub.sql));
    }
  }
}

function readSortPath(sortBy: string): AttributePath {
  if (sortBy.length > MAX_FILTER_LENGTH) {
    throw failSort(`longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const [first, second] = tokenize(sortBy, failSort);
  if (first?.kind !== 'word' || second?.kind !== 'end') {
    throw failSort(`${JSON.stringify(sortBy)} is not an attribute path`);
  }
  return readAttributePath(first, failSort);
}

/**
 * Strings sort as their comparisons do (lower-cased unless caseExact), and an empty string
 * counts as no value. A uuid column sorts by itself so its index can serve the ORDER BY.
 */
function sortKey(attribute: ScalarAttribute, sql: string): string {
  if (attribute.uuidSql !== undefined && sql === attribute.sql) return attribute.uuidSql;
  if (attribute.type === 'boolean' || attribute.type === 'dateTime') return sql;
  return `NULLIF(${foldCase(sql, attribute.caseExact)}, '')`;
}
