/**
 * Template text → syntax tree. Decides first what kind of string it is (literal, `@expr`,
 * text with `@{…}` holes), then parses each expression by recursive descent.
 *
 * Grammar of one expression:
 *   expression := primary postfix*
 *   primary    := STRING | NUMBER | true | false | null | NAME '(' [expression (',' expression)*] ')'
 *   postfix    := '.' MEMBER | '?.' MEMBER | '[' expression ']' | '?[' expression ']'
 */
import type { ExpressionNode, TemplateNode } from './ast.ts';
import type { EvaluationOptions } from './context.ts';
import { ExpressionError } from './errors.ts';
import { Scanner, syntaxError, type Token } from './scanner.ts';

/** Logic Apps' limit on the characters of one expression. */
export const DEFAULT_MAX_EXPRESSION_LENGTH = 8192;
/** Nesting bound so hostile input cannot exhaust the stack; far beyond what a person writes. */
const MAX_DEPTH = 200;

/** Parses a template string (a JSON string value of a workflow definition) into its syntax tree. */
export function parse(text: string, options?: EvaluationOptions): TemplateNode {
  const maxLength = options?.maxExpressionLength ?? DEFAULT_MAX_EXPRESSION_LENGTH;
  if (text.charCodeAt(0) === 64 /* @ */) {
    if (text.charCodeAt(1) === 64) return { kind: 'literal', value: text.slice(1) };
    if (text.charCodeAt(1) !== 123 /* { */) {
      checkLength(text, 1, text.length, maxLength);
      const parser = new ExpressionParser(text, 1);
      const expression = parser.expression(0);
      parser.expectEnd();
      return { kind: 'expression', expression };
    }
  }
  if (!text.includes('@{')) return { kind: 'literal', value: text };
  return parseInterpolation(text, maxLength);
}

function parseInterpolation(text: string, maxLength: number): TemplateNode {
  const parts: Array<string | ExpressionNode> = [];
  let literal = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf('@{', from);
    if (at < 0) break;
    if (at > 0 && text[at - 1] === '@') {
      // '@@{' is an escaped '@{': keep one '@' and the brace as text.
      literal += text.slice(from, at - 1) + '@{';
      from = at + 2;
      continue;
    }
    literal += text.slice(from, at);
    const parser = new ExpressionParser(text, at + 2);
    const expression = parser.expression(0);
    const close = parser.next();
    if (close.type !== '}') throw syntaxError(text, close.start, text.length, '"}" to close "@{"');
    checkLength(text, at + 2, close.start, maxLength);
    if (literal) parts.push(literal);
    literal = '';
    parts.push(expression);
    from = close.end;
  }
  literal += text.slice(from);
  if (literal) parts.push(literal);
  if (!parts.some((p) => typeof p !== 'string')) return { kind: 'literal', value: parts.join('') };
  return { kind: 'interpolation', parts };
}

function checkLength(text: string, start: number, end: number, maxLength: number): void {
  if (end - start > maxLength) {
    throw new ExpressionError(
      'ExpressionTooLong',
      `The expression starting at position ${start} has ${end - start} characters; the limit is ${maxLength}.`,
      start,
    );
  }
}

class ExpressionParser {
  readonly #text: string;
  readonly #scanner: Scanner;

  constructor(text: string, start: number) {
    this.#text = text;
    this.#scanner = new Scanner(text, start, text.length);
  }

  next(): Token {
    return this.#scanner.next();
  }

  expectEnd(): void {
    const token = this.#scanner.next();
    if (token.type !== 'eof') this.#fail(token, 'the end of the expression');
  }

  expression(depth: number): ExpressionNode {
    if (depth > MAX_DEPTH) {
      const at = this.#scanner.peek().start;
      throw new ExpressionError('InvalidTemplate', `The expression is nested too deeply at position ${at}.`, at);
    }
    let node = this.#primary(depth);
    for (;;) {
      const token = this.#scanner.peek();
      if (token.type === '.' || token.type === '?.') {
        this.#scanner.next();
        const name = this.#scanner.memberName();
        node = {
          kind: 'access',
          target: node,
          key: { kind: 'literal', value: name.value as string, start: name.start, end: name.end },
          nullSafe: token.type === '?.',
          dotted: true,
          start: node.start,
          end: name.end,
        };
      } else if (token.type === '[' || token.type === '?[') {
        this.#scanner.next();
        const key = this.expression(depth + 1);
        const close = this.#scanner.next();
        if (close.type !== ']') this.#fail(close, '"]"');
        node = { kind: 'access', target: node, key, nullSafe: token.type === '?[', dotted: false, start: node.start, end: close.end };
      } else {
        return node;
      }
    }
  }

  #primary(depth: number): ExpressionNode {
    const token = this.#scanner.next();
    switch (token.type) {
      case 'string':
      case 'number':
        return { kind: 'literal', value: token.value as string | number, start: token.start, end: token.end };
      case 'name':
        return this.#nameOrCall(token, depth);
      default:
        return this.#fail(token, 'a function call, a string, a number, true, false or null');
    }
  }

  #nameOrCall(name: Token, depth: number): ExpressionNode {
    const open = this.#scanner.peek();
    const spelled = name.value as string;
    if (open.type !== '(') {
      const keyword = spelled.toLowerCase();
      if (keyword === 'true' || keyword === 'false' || keyword === 'null') {
        const value = keyword === 'null' ? null : keyword === 'true';
        return { kind: 'literal', value, start: name.start, end: name.end };
      }
      return this.#fail(open, `"(" after the function name '${spelled}'`);
    }
    this.#scanner.next();
    const args: ExpressionNode[] = [];
    if (this.#scanner.peek().type === ')') {
      return { kind: 'call', name: spelled, args, start: name.start, end: this.#scanner.next().end };
    }
    for (;;) {
      args.push(this.expression(depth + 1));
      const sep = this.#scanner.next();
      if (sep.type === ')') return { kind: 'call', name: spelled, args, start: name.start, end: sep.end };
      if (sep.type !== ',') this.#fail(sep, `"," or ")" in the arguments of '${spelled}'`);
    }
  }

  #fail(token: Token, expected: string): never {
    throw syntaxError(this.#text, token.start, token.type === 'eof' ? token.start : this.#text.length, expected);
  }
}
