/**
 * Splits expression text into tokens. The scanner works on the whole template text between two
 * offsets so token positions are already template positions.
 */
import { ExpressionError } from './errors.ts';

export type TokenType =
  | 'name'
  | 'string'
  | 'number'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '.'
  | '?.'
  | '?['
  | '}'
  | 'eof';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** Decoded value of a string or number token, the spelling of a name. */
  value?: string | number;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_$][A-Za-z0-9_$]*/y;

export class Scanner {
  readonly #text: string;
  readonly #limit: number;
  #pos: number;
  #peeked: Token | undefined;

  constructor(text: string, start: number, limit: number) {
    this.#text = text;
    this.#pos = start;
    this.#limit = limit;
  }

  peek(): Token {
    this.#peeked ??= this.#scan();
    return this.#peeked;
  }

  next(): Token {
    const token = this.peek();
    this.#peeked = undefined;
    return token;
  }

  /** Offset just after the last consumed token (used by interpolation to resume text). */
  get position(): number {
    return this.#peeked ? this.#peeked.start : this.#pos;
  }

  /** A member name after '.': letters, digits, '_' and '$' (a leading digit is allowed). */
  memberName(): Token {
    this.#peeked = undefined;
    this.#skipSpace();
    const start = this.#pos;
    let end = start;
    while (end < this.#limit && /[A-Za-z0-9_$]/.test(this.#text[end]!)) end++;
    if (end === start) {
      throw syntaxError(this.#text, start, this.#limit, 'a property name after "."');
    }
    this.#pos = end;
    return { type: 'name', start, end, value: this.#text.slice(start, end) };
  }

  #skipSpace(): void {
    const text = this.#text;
    while (this.#pos < this.#limit) {
      const c = text.charCodeAt(this.#pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.#pos++;
      else break;
    }
  }

  #scan(): Token {
    this.#skipSpace();
    const text = this.#text;
    const start = this.#pos;
    if (start >= this.#limit) return { type: 'eof', start, end: start };
    const c = text[start]!;
    switch (c) {
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case '.':
      case '}':
        this.#pos = start + 1;
        return { type: c, start, end: start + 1 };
      case '?': {
        const n = text[start + 1];
        if (start + 1 < this.#limit && (n === '.' || n === '[')) {
          this.#pos = start + 2;
          return { type: n === '.' ? '?.' : '?[', start, end: start + 2 };
        }
        throw syntaxError(text, start, this.#limit, '"?." or "?[" (null-safe member access)');
      }
      case "'":
        return this.#string(start);
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.#number(start);
    NAME.lastIndex = start;
    const name = NAME.exec(text);
    if (name && start + name[0].length <= this.#limit) {
      this.#pos = start + name[0].length;
      return { type: 'name', start, end: this.#pos, value: name[0] };
    }
    throw syntaxError(text, start, this.#limit, 'a function call, a string, a number, true, false or null');
  }

  #string(start: number): Token {
    const text = this.#text;
    let value = '';
    let chunk = start + 1;
    for (let i = start + 1; i < this.#limit; i++) {
      if (text[i] !== "'") continue;
      if (text[i + 1] === "'" && i + 1 < this.#limit) {
        value += text.slice(chunk, i + 1);
        chunk = i + 2;
        i++;
        continue;
      }
      value += text.slice(chunk, i);
      this.#pos = i + 1;
      return { type: 'string', start, end: i + 1, value };
    }
    throw new ExpressionError(
      'InvalidTemplate',
      `The string literal starting at position ${start} is not closed: expected a closing "'".`,
      start,
    );
  }

  #number(start: number): Token {
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.#text);
    const end = match ? start + match[0].length : start;
    if (!match || end > this.#limit) {
      throw syntaxError(this.#text, start, this.#limit, 'a number');
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value)) {
      throw new ExpressionError('InvalidTemplate', `The number at position ${start} is out of range.`, start);
    }
    this.#pos = end;
    return { type: 'number', start, end, value };
  }
}

/** "Unexpected X at position N: expected Y." */
export function syntaxError(text: string, position: number, limit: number, expected: string): ExpressionError {
  const found = position >= limit ? 'the end of the expression' : `'${text[position]}'`;
  return new ExpressionError(
    'InvalidTemplate',
    `Unexpected ${found} at position ${position}: expected ${expected}.`,
    position,
  );
}
