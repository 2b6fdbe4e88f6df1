import { ScimError } from '../scim-error.js';
import type { PatchPath } from './ast.js';
import { readSubAttribute } from './attribute-path.js';
import { FilterParser } from './filter-parser.js';
import { MAX_FILTER_LENGTH, type FailWith } from './limits.js';
import { tokenize } from './tokenize.js';

const failPath: FailWith = (detail) => ScimError.invalidPath(detail);

/**
 * Parses a PATCH operation `path` (RFC 7644 §3.5.2): `PATH = attrPath / valuePath [subAttr]`.
 * Throws `ScimError` with scimType `invalidPath` on any malformed input, including a malformed
 * value filter inside the brackets.
 */
export function parsePatchPath(text: string): PatchPath {
  if (text.length > MAX_FILTER_LENGTH) {
    throw failPath(`the path is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  if (text.trim() === '') {
    throw failPath('the path is empty');
  }

  const parser = new FilterParser(tokenize(text, failPath), failPath, 'path');
  const path = parser.readPath(parser.next());
  if (parser.peek().kind !== '[') {
    parser.expectEnd("'[' or the end of the path");
    return { path };
  }

  const valueFilter = parser.parseValueFilter(path, parser.next());
  const after = parser.peek();
  if (after.kind === 'word' && after.text.startsWith('.')) {
    parser.next();
    const subAttribute = readSubAttribute(after, failPath);
    parser.expectEnd('the end of the path');
    return { path, valueFilter, subAttribute };
  }
  parser.expectEnd("'.subAttribute' or the end of the path");
  return { path, valueFilter };
}
