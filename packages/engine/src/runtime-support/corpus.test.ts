import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionFailure } from '../actions/errors.ts';
import { runParseJson } from '../actions/data/parse-json.ts';
import { validatePredicate } from './predicate.ts';
import { validateRecurrence } from './recurrence.ts';
import { validateRetryPolicy } from './retry-policy.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';

const CORPUS = corpusDir;

interface Found {
  file: string;
  node: Record<string, unknown>;
}

/** Every object with a string `type` (actions and triggers) in every corpus workflow file. */
function operations(): Found[] {
  const found: Found[] = [];
  const visit = (value: unknown, file: string): void => {
    if (Array.isArray(value)) value.forEach((v) => visit(v, file));
    else if (value !== null && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      if (typeof node.type === 'string') found.push({ file, node });
      Object.values(node).forEach((v) => visit(v, file));
    }
  };
  for (const folder of ['logicapps-templates', 'sentinel-playbooks']) {
    for (const name of readdirSync(join(CORPUS, folder))) {
      if (!name.endsWith('.json')) continue;
      const text = readFileSync(join(CORPUS, folder, name), 'utf8').replace(/^\uFEFF/, '');
      visit(JSON.parse(text), name);
    }
  }
  return found;
}

const ofType = (all: Found[], type: string) => all.filter((f) => (f.node.type as string).toLowerCase() === type);
// ARM deployment expressions ("[parameters('x')]") are not ours to interpret.
const isArmExpression = (v: unknown) => typeof v === 'string' && v.startsWith('[') && v.endsWith(']');

describe.runIf(existsSync(CORPUS))('real playbooks', () => {
  const all = existsSync(CORPUS) ? operations() : [];

  it('every If condition tree is well-formed', () => {
    const trees = ofType(all, 'if').filter((f) => typeof f.node.expression === 'object');
    expect(trees.length).toBeGreaterThan(20);
    const broken = trees.map((f) => ({ file: f.file, problems: validatePredicate(f.node.expression) })).filter((r) => r.problems.length > 0);
    expect(broken).toEqual([]);
  });

  it('every ParseJson schema compiles', () => {
    const actions = ofType(all, 'parsejson');
    expect(actions.length).toBeGreaterThan(5);
    for (const { file, node } of actions) {
      const schema = (node.inputs as Record<string, unknown>)?.schema;
      try {
        runParseJson({ content: null, schema });
      } catch (e) {
        // A mismatch is expected for null content; a schema that cannot be compiled is not.
        expect([file, (e as ActionFailure).code]).toEqual([file, 'SchemaValidationFailed']);
      }
    }
  });

  it('every retry policy and recurrence is accepted', () => {
    const problems: unknown[] = [];
    let checked = 0;
    for (const { file, node } of all) {
      const retry = (node.inputs as Record<string, unknown> | undefined)?.retryPolicy;
      if (retry !== undefined && !isArmExpression(retry)) {
        checked++;
        problems.push(...validateRetryPolicy(retry).map((p) => ({ file, ...p })));
      }
      const recurrence = node.recurrence as Record<string, unknown> | undefined;
      if (recurrence && typeof recurrence === 'object' && !Object.values(recurrence).some(isArmExpression)) {
        checked++;
        problems.push(...validateRecurrence(recurrence).map((p) => ({ file, ...p })));
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(8);
  });
});
