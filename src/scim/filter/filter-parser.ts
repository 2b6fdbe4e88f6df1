import type { AttributePath, CompareOperator, FilterNode, FilterValue } from './ast.js';
import { readAttributePath } from './attribute-path.js';
import { MAX_NESTING_DEPTH, type FailWith } from './limits.js';
import { describeToken, type Token } from './tokenize.js';

const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]);

/** JSON number (RFC 7159 §6), which compValue reuses. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

const LITERALS: Readonly<Record<string, FilterValue>> = { true: true, false: false, null: null };

/**
 * A recursive-descent reader of the RFC 7644 §3.4.2.2 grammar (Figure 1) over a token list,
 * shared by `parseFilter` and `parsePatchPath`. Keywords, operators and literals are matched
 * case-insensitively: ABNF quoted strings are case-insensitive (RFC 5234 §2.3), and §3.4.2.2
 * says so for operators.
 */
export class FilterParser {
  private position = 0;
  private depth = 0;
  private insideValuePath = false;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly fail: FailWith,
    /** What the input is called in error details: 'filter' or 'path'. */
    private readonly subject: string,
  ) {}

  peek(): Token {
    return this.tokens[this.position] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  /** FILTER, with `or` binding looser than `and` (RFC 7644 §3.4.2.2, order of operations). */
  parseExpression(): FilterNode {
    let left = this.parseConjunction();
    while (this.peekKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseConjunction() };
    }
    return left;
  }

  /** The `[valFilter]` after an attribute path; `opening` is the `[` token, already read. */
  parseValueFilter(path: AttributePath, opening: Token): FilterNode {
    // valFilter has no valuePath alternative (RFC 7644 §3.4.2.2 Figure 1): no nesting.
    if (this.insideValuePath) {
      throw this.fail(`value filters cannot nest: '[' at offset ${opening.offset}`);
    }
    if (path.subAttribute !== undefined) {
      throw this.fail(
        `a value filter applies to a complex attribute, not to the sub-attribute ` +
          `'${path.attribute}.${path.subAttribute}' ('[' at offset ${opening.offset})`,
      );
    }

    this.enter(opening);
    this.insideValuePath = true;
    const filter = this.parseExpression();
    this.insideValuePath = false;
    this.expectClosing(']', opening);
    return filter;
  }

  readPath(token: Token): AttributePath {
    if (token.kind !== 'word') {
      throw this.fail(`expected an attribute path, found ${describeToken(token, this.subject)}`);
    }
    return readAttributePath(token, this.fail);
  }

  /** Fails unless all input is read; `expected` names what could have come instead. */
  expectEnd(expected: string): void {
    const token = this.peek();
    if (token.kind === 'end') return;
    if (token.kind === ')' || token.kind === ']') {
      throw this.fail(`unbalanced '${token.kind}' at offset ${token.offset}`);
    }
    throw this.fail(`expected ${expected}, found ${describeToken(token, this.subject)}`);
  }

  private parseConjunction(): FilterNode {
    let left = this.parseTerm();
    while (this.peekKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseTerm() };
    }
    return left;
  }

  private parseTerm(): FilterNode {
    const token = this.next();
    if (token.kind === '(') return this.parseGroup(token);
    if (token.kind !== 'word') {
      throw this.fail(
        `expected an attribute path, 'not' or '(', found ${describeToken(token, this.subject)}`,
      );
    }

    if (token.text.toLowerCase() === 'not') {
      const opening = this.next();
      // The grammar only has `not "(" FILTER ")"`; a bare `not attrExp` is not SCIM.
      if (opening.kind !== '(') {
        throw this.fail(`'not' at offset ${token.offset} must be followed by '('`);
      }
      return { kind: 'not', operand: this.parseGroup(opening) };
    }

    const path = readAttributePath(token, this.fail);
    if (this.peek().kind === '[') {
      return { kind: 'valuePath', path, filter: this.parseValueFilter(path, this.next()) };
    }
    return this.parseAttributeExpression(path, token);
  }

  private parseGroup(opening: Token): FilterNode {
    this.enter(opening);
    const inner = this.parseExpression();
    this.expectClosing(')', opening);
    return inner;
  }

  /** attrExp: `attrPath SP "pr"` or `attrPath SP compareOp SP compValue`. */
  private parseAttributeExpression(path: AttributePath, pathToken: Token): FilterNode {
    const operator = this.next();
    if (operator.kind !== 'word') {
      throw this.fail(
        `expected an operator after '${pathToken.text}', ` +
          `found ${describeToken(operator, this.subject)}`,
      );
    }

    const op = operator.text.toLowerCase();
    if (op === 'pr') return { kind: 'present', path };
    // RFC 7644 §3.4.2.2: an unrecognized operator is declined with invalidFilter.
    if (!COMPARE_OPERATORS.has(op)) {
      throw this.fail(`unknown operator '${operator.text}' at offset ${operator.offset}`);
    }
    return { kind: 'compare', path, op: op as CompareOperator, value: this.readValue(operator) };
  }

  /** compValue = false / null / true / number / string (RFC 7644 §3.4.2.2 Figure 1). */
  private readValue(operator: Token): FilterValue {
    const token = this.next();
    if (token.kind === 'string') return token.value as string;
    if (token.kind === 'word') {
      const literal = token.text.toLowerCase();
      if (literal in LITERALS) return LITERALS[literal] as FilterValue;
      const number = JSON_NUMBER.test(token.text) ? Number(token.text) : Number.NaN;
      if (Number.isFinite(number)) return number;
    }

    if (token.kind === 'end') {
      throw this.fail(`missing value after '${operator.text}' at offset ${operator.offset}`);
    }
    throw this.fail(
      `expected a string, number, true, false or null after '${operator.text}', ` +
        `found ${describeToken(token, this.subject)}`,
    );
  }

  private expectClosing(kind: ')' | ']', opening: Token): void {
    const token = this.next();
    if (token.kind !== kind) {
      throw this.fail(
        `expected '${kind}' closing the '${opening.kind}' at offset ${opening.offset}, ` +
          `found ${describeToken(token, this.subject)}`,
      );
    }
    this.depth -= 1;
  }

  private enter(opening: Token): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw this.fail(
        `the ${this.subject} nests deeper than ${MAX_NESTING_DEPTH} levels ` +
          `at offset ${opening.offset}`,
      );
    }
  }

  private peekKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }
}
