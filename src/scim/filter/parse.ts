import { ScimError } from '../scim-error.js';
import type { FilterNode } from './ast.js';
import { FilterParser } from './filter-parser.js';
import { MAX_FILTER_LENGTH, type FailWith } from './limits.js';
import { tokenize } from './tokenize.js';

const failFilter: FailWith = (detail) => ScimError.invalidFilter(detail);

/**
 * Parses a `filter` query parameter or `filter` member of a search request
 * (RFC 7644 §3.4.2.2). Throws `ScimError` with scimType `invalidFilter` on any malformed input.
 */
export function parseFilter(text: string): FilterNode {
  if (text.length > MAX_FILTER_LENGTH) {
    throw failFilter(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  if (text.trim() === '') {
    throw failFilter('the filter is empty');
  }

  const parser = new FilterParser(tokenize(text, failFilter), failFilter, 'filter');
  const filter = parser.parseExpression();
  const after = parser.peek();
  // `emails[type eq "work"].value` is a PATCH path (RFC 7644 §3.5.2), not a filter operand.
  if (after.kind === 'word' && after.text.startsWith('.')) {
    throw failFilter(
      `a sub-attribute after a value filter is only allowed in a PATCH path, ` +
        `found '${after.text}' at offset ${after.offset}`,
    );
  }
  parser.expectEnd("'and', 'or' or the end of the filter");
  return filter;
}
