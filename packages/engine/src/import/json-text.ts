import type { Problem } from '../definition/problem.ts';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Removes a UTF-8 byte-order mark, which editors on Windows often leave at the start of a file. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON text; a syntax error becomes a problem at pointer "" naming line and column. */
export function parseJsonText(text: string): ParsedJson {
  const source = stripBom(text);
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const position = /at position (\d+)/.exec(raw);
    const offset = position ? Number(position[1]) : source.length;
    const { line, column } = lineColumn(source, offset);
    const reason = raw.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    return { ok: false, problem: { pointer: '', code: 'JsonSyntax', message: `invalid JSON at line ${line} column ${column}: ${reason}` } };
  }
}
