import { ODataError } from './errors.ts';

export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'datetime'
  | 'guid'
  | 'enum'
  | '('
  | ')'
  | ','
  | '/'
  | ':'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** Raw text for identifiers; decoded value for literals. */
  text: string;
  position: number;
  /** Qualified enum type name for `enum` tokens. */
  enumType?: string;
}

const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/y;
// Edm.Date (`2026-01-01`) is read as midnight UTC of that day.
const DATE = /\d{4}-\d{2}-\d{2}(?![T\d])/y;
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_$@][A-Za-z0-9_.]*/y;
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

function matchAt(sticky: RegExp, text: string, at: number): string | undefined {
  sticky.lastIndex = at;
  const m = sticky.exec(text);
  return m ? m[0] : undefined;
}

/** Splits a `$filter` (or `$orderby`) text into tokens; the only error it throws is ODataError. */
export function tokenize(text: string, option = '$filter'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new ODataError(`Invalid ${option === '$filter' ? 'filter' : option} clause: ${message} at position ${at}.`, {
      option,
      position: at,
    });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '/' || c === ':') {
      tokens.push({ kind: c, text: c, position: i });
      i++;
      continue;
    }
    if (c === "'") {
      const { value, end } = readString(text, i, fail);
      tokens.push({ kind: 'string', text: value, position: i });
      i = end;
      continue;
    }
    const start = i;
    const guid = matchAt(GUID, text, i);
    if (guid !== undefined && !IDENTIFIER_CHAR.test(text[i + guid.length] ?? '')) {
      tokens.push({ kind: 'guid', text: guid, position: start });
      i += guid.length;
      continue;
    }
    const datetime = matchAt(DATETIME, text, i);
    if (datetime !== undefined) {
      const ms = Date.parse(datetime);
      if (Number.isNaN(ms) || !isCalendarValid(datetime)) fail(`'${datetime}' is not a valid DateTimeOffset`, start);
      tokens.push({ kind: 'datetime', text: new Date(ms).toISOString(), position: start });
      i += datetime.length;
      continue;
    }
    const date = matchAt(DATE, text, i);
    if (date !== undefined && !IDENTIFIER_CHAR.test(text[i + date.length] ?? '')) {
      const ms = Date.parse(`${date}T00:00:00Z`);
      if (Number.isNaN(ms) || !isCalendarValid(date)) fail(`'${date}' is not a valid date`, start);
      tokens.push({ kind: 'datetime', text: new Date(ms).toISOString(), position: start });
      i += date.length;
      continue;
    }
    const number = matchAt(NUMBER, text, i);
    if (number !== undefined) {
      if (IDENTIFIER_CHAR.test(text[i + number.length] ?? '')) fail(`unexpected '${text.slice(i, i + number.length + 1)}'`, start);
      const value = Number(number);
      if (!Number.isFinite(value)) fail(`number '${number}' is out of range`, start);
      tokens.push({ kind: 'number', text: number, position: start });
      i += number.length;
      continue;
    }
    const identifier = matchAt(IDENTIFIER, text, i);
    if (identifier !== undefined) {
      i += identifier.length;
      if (text[i] === "'" && identifier.includes('.')) {
        // A qualified enum member: microsoft.graph.security.alertSeverity'high'
        const { value, end } = readString(text, i, fail);
        tokens.push({ kind: 'enum', text: value, enumType: identifier, position: start });
        i = end;
        continue;
      }
      if (identifier.endsWith('.') || identifier.includes('..')) fail(`'${identifier}' is not a valid name`, start);
      tokens.push({ kind: 'identifier', text: identifier, position: start });
      continue;
    }
    fail(`unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  return tokens;
}

/** Date.parse rolls 2026-02-30 over to March; OData wants it rejected. */
function isCalendarValid(text: string): boolean {
  const [y, mo, d, h = 0, mi = 0, sec = 0] = (text.match(/\d+/g) ?? []).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
}

function readString(text: string, at: number, fail: (m: string, at: number) => never): { value: string; end: number } {
  let value = '';
  let i = at + 1;
  for (;;) {
    if (i >= text.length) return fail('unterminated string literal', at);
    const c = text[i];
    if (c === "'") {
      // '' inside a literal is an escaped quote.
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
}
