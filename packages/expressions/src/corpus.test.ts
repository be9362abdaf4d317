import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, isExpression } from './compile.ts';
import { ExpressionError } from './errors.ts';
import { parse } from './parser.ts';
import { corpusDir } from '../../../test-support/corpus.ts';

const CORPUS = corpusDir;

/** Every string of a definition that holds a Workflow Definition Language expression. */
function* templates(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    // ARM template expressions ("[concat(...)]") are resolved at deployment, not by this language.
    if (isExpression(value) && !(value.startsWith('[') && value.endsWith(']'))) yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* templates(item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield* templates(key);
      yield* templates(item);
    }
  }
}

/** Every template of the workflow folders of the corpus, with its file name. */
function* corpusTemplates(): Generator<[file: string, text: string]> {
  for (const folder of ['logicapps-templates', 'sentinel-playbooks']) {
    for (const file of readdirSync(join(CORPUS, folder))) {
      const json = JSON.parse(readFileSync(join(CORPUS, folder, file), 'utf8').replace(/^\uFEFF/, ''));
      for (const text of templates(json)) yield [file, text];
    }
  }
}

/**
 * Gaps known today, each to be removed when fixed: designer-generated templates call
 * encodeURIComponent with several arguments, which the uri family does not accept yet.
 */
const KNOWN_GAPS = [/^ArgumentCount: The function 'encodeUriComponent'/];

describe.runIf(existsSync(CORPUS))('real playbooks', () => {
  it('parses every expression in the Logic Apps and Sentinel corpus', () => {
    const failures: string[] = [];
    let count = 0;
    for (const [file, text] of corpusTemplates()) {
      count++;
      try {
        parse(text);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        failures.push(`${file}: ${text.slice(0, 120)} — ${error.message}`);
      }
    }
    expect(count).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });

  it('compiles every expression against the built-in functions (names and argument counts)', () => {
    const failures: string[] = [];
    for (const [file, text] of corpusTemplates()) {
      try {
        compile(text);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        const problem = `${error.code}: ${error.message}`;
        if (!KNOWN_GAPS.some((gap) => gap.test(problem))) failures.push(`${file}: ${text.slice(0, 120)} — ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
