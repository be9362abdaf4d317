import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExpression } from './compile.ts';
import { ExpressionError } from './errors.ts';
import { parse } from './parser.ts';

const CORPUS = '/work/shared/corpus';

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

describe.runIf(existsSync(CORPUS))('real playbooks', () => {
  it('parses every expression in the Logic Apps and Sentinel corpus', () => {
    const failures: string[] = [];
    let count = 0;
    for (const folder of ['logicapps-templates', 'sentinel-playbooks']) {
      for (const file of readdirSync(join(CORPUS, folder))) {
        const json = JSON.parse(readFileSync(join(CORPUS, folder, file), 'utf8').replace(/^\uFEFF/, ''));
        for (const text of templates(json)) {
          count++;
          try {
            parse(text);
          } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
            failures.push(`${file}: ${text.slice(0, 120)} — ${error.message}`);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
});
