import type { FailWith } from './limits.js';

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (the quoted form for strings). */
  text: string;
  /** Character offset in the input, for error details. */
  offset: number;
  /** The decoded value of a string token. */
  value?: string;
}

/** Attribute paths, URNs, operators, keywords and JSON numbers are all runs of these. */
const WORD_CHARACTER = /[A-Za-z0-9:._$+-]/;
const WHITESPACE = /[ \t\r\n]/;
const PUNCTUATION = new Set(['(', ')', '[', ']']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Splits filter or path text into tokens; the grammar itself lives in `FilterParser`. */
export function tokenize(text: string, fail: FailWith): Token[] {
  const tokens: Token[] = [];
  let index = 0;

  while (index < text.length) {
    const character = text.charAt(index);
    if (WHITESPACE.test(character)) {
      index += 1;
    } else if (PUNCTUATION.has(character)) {
      tokens.push({ kind: character as TokenKind, text: character, offset: index });
      index += 1;
    } else if (character === '"') {
      const token = readString(text, index, fail);
      tokens.push(token);
      index += token.text.length;
    } else if (WORD_CHARACTER.test(character)) {
      let end = index;
      while (end < text.length && WORD_CHARACTER.test(text.charAt(end))) end += 1;
      tokens.push({ kind: 'word', text: text.slice(index, end), offset: index });
      index = end;
    } else {
      throw fail(`unexpected character '${character}' at offset ${index}`);
    }
  }

  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}

/** compValue strings follow JSON (RFC 7644 §3.4.2.2 Figure 1, RFC 7159 §7). */
function readString(text: string, start: number, fail: FailWith): Token {
  let index = start + 1;
  while (index < text.length && text.charAt(index) !== '"') {
    const character = text.charAt(index);
    if (character < ' ') {
      throw fail(`unescaped control character in the string at offset ${index}`);
    }
    index += character === '\\' ? 2 : 1;
  }
  if (index >= text.length) {
    throw fail(`unterminated string starting at offset ${start}`);
  }

  const quoted = text.slice(start, index + 1);
  let value: string;
  try {
    value = JSON.parse(quoted) as string;
  } catch {
    throw fail(`invalid escape in the string starting at offset ${start}`);
  }
  // A lone surrogate cannot be encoded as UTF-8, so the database would see a different value.
  if (LONE_SURROGATE.test(value)) {
    throw fail(`the string starting at offset ${start} holds an unpaired surrogate escape`);
  }
  return { kind: 'string', text: quoted, offset: start, value };
}

/** How a token reads in an error detail. */
export function describeToken(token: Token, subject: string): string {
  if (token.kind === 'end') return `the end of the ${subject}`;
  const text = token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text;
  return `'${text}' at offset ${token.offset}`;
}
