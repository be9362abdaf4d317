import { ArmExpressionError } from './errors.ts';

export type ArmToken =
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: 'identifier'; value: string; position: number }
  | { kind: 'punct'; value: '(' | ')' | '[' | ']' | ',' | '.'; position: number }
  | { kind: 'end'; position: number };

const punctuation = new Set(['(', ')', '[', ']', ',', '.']);

/** Splits the text between the outer brackets of an ARM expression into tokens. */
export function scanArmExpression(text: string): ArmToken[] {
  const tokens: ArmToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      // ARM escapes a quote inside a string by doubling it.
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ArmExpressionError('ArmSyntax', 'unterminated string literal', start);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value, position: start });
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const start = i;
      i++;
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      tokens.push({ kind: 'number', value: Number(text.slice(start, i)), position: start });
    } else if (/[A-Za-z_$]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i]!)) i++;
      tokens.push({ kind: 'identifier', value: text.slice(start, i), position: start });
    } else if (punctuation.has(ch)) {
      tokens.push({ kind: 'punct', value: ch as '(', position: i });
      i++;
    } else {
      throw new ArmExpressionError('ArmSyntax', `unexpected character '${ch}'`, i);
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}
