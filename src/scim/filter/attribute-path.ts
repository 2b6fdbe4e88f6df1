import type { AttributePath } from './ast.js';
import type { FailWith } from './limits.js';
import type { Token } from './tokenize.js';

/** ATTRNAME of RFC 7644 §3.4.2.2 Figure 1. */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** `$ref` is not an ATTRNAME, but RFC 7643 §2.4 defines it as a sub-attribute of references. */
const SUB_ATTRIBUTE_NAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;

/** The URI part of attrPath; SCIM schema URIs are URNs (RFC 7643 §3, §10.2). */
const SCHEMA_URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]*(?::[A-Za-z0-9._-]+)+$/i;

/**
 * Reads `[URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.10). The schema ends at the last colon, so a
 * dot inside the URN (`…:enterprise:2.0:User`) is never mistaken for a sub-attribute.
 */
export function readAttributePath(token: Token, fail: FailWith): AttributePath {
  const colon = token.text.lastIndexOf(':');
  const schema = colon >= 0 ? token.text.slice(0, colon) : undefined;
  const [attribute = '', subAttribute, ...deeper] = token.text.slice(colon + 1).split('.');
  const where = `'${token.text}' at offset ${token.offset}`;

  if (schema !== undefined && !SCHEMA_URN.test(schema)) {
    throw fail(`${where} does not start with a schema URN`);
  }
  if (!ATTRIBUTE_NAME.test(attribute)) {
    throw fail(`${where} is not an attribute path`);
  }
  // RFC 7643 §2.3.8: complex attributes have no complex sub-attributes, so one level is the most.
  if (deeper.length > 0) {
    throw fail(`${where} nests sub-attributes deeper than one level`);
  }
  if (subAttribute !== undefined && !SUB_ATTRIBUTE_NAME.test(subAttribute)) {
    throw fail(`${where} has an invalid sub-attribute name`);
  }

  return {
    ...(schema !== undefined && { schema }),
    attribute,
    ...(subAttribute !== undefined && { subAttribute }),
  };
}

/** Reads the `.subAttr` that may follow a PATCH value path (RFC 7644 §3.5.2). */
export function readSubAttribute(token: Token, fail: FailWith): string {
  const name = token.text.slice(1);
  if (!token.text.startsWith('.') || !SUB_ATTRIBUTE_NAME.test(name)) {
    throw fail(`'${token.text}' at offset ${token.offset} is not a sub-attribute`);
  }
  return name;
}
