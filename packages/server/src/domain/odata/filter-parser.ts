import type { ComparisonOperator, FilterNode, Literal, PropertyPath, StringFunctionName, ValueNode } from './ast.ts';
import { ODataError } from './errors.ts';
import { tokenize, type Token } from './lexer.ts';

const COMPARISONS = new Set<ComparisonOperator>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FUNCTIONS = new Set<StringFunctionName>(['startswith', 'endswith', 'contains']);
/** Deep nesting would otherwise end in a RangeError from the JS stack. */
const MAX_DEPTH = 100;
const MAX_LENGTH = 16_384;

/** Parses a `$filter` text into a FilterNode; throws only ODataError (with the position). */
export function parseFilter(text: string): FilterNode {
  if (text.length > MAX_LENGTH) {
    throw new ODataError(`Invalid filter clause: longer than ${MAX_LENGTH} characters.`, { option: '$filter' });
  }
  const parser = new FilterParser(tokenize(text));
  const node = parser.parseExpression(0);
  parser.expectEnd();
  return node;
}

class FilterParser {
  private index = 0;
  private readonly scopes: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new ODataError(`Invalid filter clause: ${message} at position ${token.position}.`, {
      option: '$filter',
      position: token.position,
    });
  }

  private describe(token: Token): string {
    if (token.kind === 'end') return 'end of input';
    if (token.kind === 'string') return `'${token.text}'`;
    return `'${token.text}'`;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const token = this.peek();
    if (token.kind !== kind) this.fail(`expected ${what} but found ${this.describe(token)}`);
    return this.next();
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(`unexpected ${this.describe(token)}`);
  }

  parseExpression(depth: number): FilterNode {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels`);
    let left = this.parseAnd(depth);
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(depth) };
    }
    return left;
  }

  private parseAnd(depth: number): FilterNode {
    let left = this.parseUnary(depth);
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(depth) };
    }
    return left;
  }

  private parseUnary(depth: number): FilterNode {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels`);
    if (this.isKeyword(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseUnary(depth + 1) };
    }
    return this.parseComparison(depth);
  }

  private parseComparison(depth: number): FilterNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.next();
      const inner = this.parseExpression(depth + 1);
      this.expect(')', "')'");
      return inner;
    }
    const boolean = this.tryBooleanPrimary(depth);
    if (boolean) return boolean;
    const left = this.parseValue();
    const operator = this.peek();
    if (operator.kind === 'identifier') {
      const op = operator.text.toLowerCase();
      if (COMPARISONS.has(op as ComparisonOperator)) {
        this.next();
        return { kind: 'compare', op: op as ComparisonOperator, left, right: this.parseValue() };
      }
      if (op === 'in') {
        this.next();
        return { kind: 'in', operand: left, values: this.parseLiteralList() };
      }
    }
    // A bare boolean property (`isActive`) is shorthand for `isActive eq true`.
    if (left.kind === 'property') {
      if (operator.kind === 'end' || operator.kind === ')' || this.isKeyword(operator, 'and') || this.isKeyword(operator, 'or')) {
        return { kind: 'compare', op: 'eq', left, right: { kind: 'literal', type: 'boolean', value: true } };
      }
    }
    return this.fail(`expected a comparison operator (eq, ne, gt, ge, lt, le, in) but found ${this.describe(operator)}`, operator);
  }

  /** String functions and lambdas, which are boolean by themselves. */
  private tryBooleanPrimary(depth: number): FilterNode | undefined {
    const token = this.peek();
    if (token.kind !== 'identifier') return undefined;
    const name = token.text.toLowerCase();
    if (this.peek(1).kind === '(' && STRING_FUNCTIONS.has(name as StringFunctionName)) {
      this.next();
      this.next();
      const first = this.parseValue();
      this.expect(',', "','");
      const second = this.parseValue();
      this.expect(')', "')'");
      return { kind: 'function', name: name as StringFunctionName, args: [first, second] };
    }
    if (this.peek(1).kind === '(') this.fail(`unknown function '${token.text}'`);
    // Look ahead over a path for `/any(` or `/all(`.
    let offset = 0;
    while (this.peek(offset).kind === 'identifier' && this.peek(offset + 1).kind === '/') offset += 2;
    const last = this.peek(offset);
    if (offset > 0 && last.kind === 'identifier' && this.peek(offset + 1).kind === '(') {
      const op = last.text.toLowerCase();
      if (op !== 'any' && op !== 'all') this.fail(`unknown function '${last.text}'`, last);
      const segments: Token[] = [];
      for (let i = 0; i < offset; i += 2) segments.push(this.next(), this.next());
      this.next(); // any/all
      this.next(); // (
      const collection = this.toPath(segments.filter((t) => t.kind === 'identifier'));
      if (this.peek().kind === ')') {
        this.next();
        if (op === 'all') this.fail("'all' needs a lambda expression", last);
        return { kind: 'lambda', op, collection };
      }
      const variable = this.expect('identifier', 'a lambda variable name');
      if (variable.text.includes('.')) this.fail(`'${variable.text}' is not a valid lambda variable`, variable);
      if (this.scopes.includes(variable.text)) this.fail(`lambda variable '${variable.text}' is already in use`, variable);
      this.expect(':', "':'");
      this.scopes.push(variable.text);
      const predicate = this.parseExpression(depth + 1);
      this.scopes.pop();
      this.expect(')', "')'");
      return { kind: 'lambda', op, collection, variable: variable.text, predicate };
    }
    return undefined;
  }

  private toPath(segments: Token[]): PropertyPath {
    const names = segments.map((t) => t.text);
    for (const t of segments) if (t.text.includes('.')) this.fail(`'${t.text}' is not a valid property name`, t);
    const first = segments[0];
    if (this.scopes.includes(names[0])) {
      return { kind: 'property', path: names.slice(1), scope: names[0], position: first.position };
    }
    return { kind: 'property', path: names, position: first.position };
  }

  private parseLiteralList(): Literal[] {
    this.expect('(', "'(' after 'in'");
    const values: Literal[] = [this.parseLiteral()];
    while (this.peek().kind === ',') {
      this.next();
      values.push(this.parseLiteral());
    }
    this.expect(')', "')'");
    return values;
  }

  private parseLiteral(): Literal {
    const value = this.parseValue();
    if (value.kind !== 'literal') this.fail('expected a literal value', this.tokens[this.index - 1]);
    return value;
  }

  private parseValue(): ValueNode {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.next();
        return { kind: 'literal', type: 'string', value: token.text };
      case 'enum':
        this.next();
        return { kind: 'literal', type: 'enum', value: token.text, enumType: token.enumType ?? '' };
      case 'number':
        this.next();
        return { kind: 'literal', type: 'number', value: Number(token.text) };
      case 'datetime':
        this.next();
        return { kind: 'literal', type: 'datetime', value: token.text };
      case 'guid':
        this.next();
        return { kind: 'literal', type: 'guid', value: token.text.toLowerCase() };
      case 'identifier': {
        const word = token.text;
        if (word === 'true' || word === 'false') {
          this.next();
          return { kind: 'literal', type: 'boolean', value: word === 'true' };
        }
        if (word === 'null') {
          this.next();
          return { kind: 'literal', type: 'null', value: null };
        }
        if (this.peek(1).kind === '(') this.fail(`function '${word}' cannot be used as a value`);
        const segments = [this.next()];
        while (this.peek().kind === '/') {
          this.next();
          segments.push(this.expect('identifier', 'a property name after /'));
        }
        if (this.peek().kind === '(') this.fail(`unknown function '${segments[segments.length - 1].text}'`, segments[segments.length - 1]);
        return this.toPath(segments);
      }
      default:
        return this.fail(`expected a property or a literal but found ${this.describe(token)}`);
    }
  }
}
