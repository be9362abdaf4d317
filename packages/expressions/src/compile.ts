/**
 * The compile-once entry points: compile() for one template string (cached by text) and
 * compileValue() for a whole JSON value such as an action's `inputs`.
 */
import { LruCache } from './cache.ts';
import { compileTemplate, type CompiledTemplate, type EvaluationContext } from './compiler.ts';
import type { EvaluationOptions } from './context.ts';
import { ExpressionError } from './errors.ts';
import { defaultRegistry } from './functions/index.ts';
import type { FunctionRegistry } from './functions/registry.ts';
import { parse } from './parser.ts';
import { interpolationText } from './text.ts';

export interface CompileOptions extends EvaluationOptions {
  /** Function table to resolve calls against; defaults to every built-in function. */
  registry?: FunctionRegistry;
}

/** How many compiled templates each registry keeps. */
export const TEMPLATE_CACHE_SIZE = 4096;

const caches = new WeakMap<FunctionRegistry, LruCache<string, CompiledTemplate>>();

/** Compiles a template string (cached by text); throws ExpressionError on bad syntax or calls. */
export function compile(text: string, options?: CompileOptions): CompiledTemplate {
  const registry = options?.registry ?? defaultRegistry;
  const key = options?.maxExpressionLength === undefined ? text : `${options.maxExpressionLength}\u0000${text}`;
  let cache = caches.get(registry);
  if (!cache) {
    cache = new LruCache(TEMPLATE_CACHE_SIZE);
    caches.set(registry, cache);
  }
  let template = cache.get(key);
  if (!template) {
    template = compileTemplate(text, parse(text, options), registry);
    cache.set(key, template);
  }
  return template;
}

/** True when the string must be compiled to get its value: it starts with '@' or holds '@{'. */
export function isExpression(text: string): boolean {
  return text.charCodeAt(0) === 64 || text.includes('@{');
}

/** Compiles and evaluates in one step (the compiled template is cached). */
export function evaluate(text: string, ctx: EvaluationContext, options?: CompileOptions): unknown {
  return compile(text, options).evaluate(ctx);
}

/** A JSON value whose strings may hold expressions, ready to evaluate many times. */
export interface CompiledValue {
  /** True when the value holds no expression: evaluate() returns the same value every time. */
  readonly constant: boolean;
  /**
   * The value with every expression evaluated. Parts without expressions are shared with the
   * source value (not copied), so treat the result as read-only.
   */
  evaluate(ctx: EvaluationContext): unknown;
}

type ValueEvaluator = (ctx: EvaluationContext) => unknown;

/**
 * Precompiles every expression inside a JSON value (object keys and values, array items).
 * Throws ExpressionError on the first bad template, naming its JSON pointer.
 */
export function compileValue(value: unknown, options?: CompileOptions): CompiledValue {
  const run = compileJson(value, '', options);
  if (run === undefined) return { constant: true, evaluate: () => value };
  return { constant: false, evaluate: run };
}

/** Returns undefined when the value holds no expression (the value itself is the result). */
function compileJson(value: unknown, pointer: string, options: CompileOptions | undefined): ValueEvaluator | undefined {
  if (typeof value === 'string') return compileString(value, pointer, options);
  if (Array.isArray(value)) return compileArray(value, pointer, options);
  if (value !== null && typeof value === 'object') {
    return compileObject(value as Record<string, unknown>, pointer, options);
  }
  return undefined;
}

function compileString(text: string, pointer: string, options: CompileOptions | undefined): ValueEvaluator | undefined {
  if (!isExpression(text)) return undefined;
  let template: CompiledTemplate;
  try {
    template = compile(text, options);
  } catch (error) {
    throw atPointer(error, pointer);
  }
  if (template.constant) {
    const result = template.evaluate(NO_CONTEXT);
    if (result === text) return undefined;
    return () => result;
  }
  return (ctx) => template.evaluate(ctx);
}

function compileArray(items: unknown[], pointer: string, options: CompileOptions | undefined): ValueEvaluator | undefined {
  const runs = items.map((item, i) => compileJson(item, `${pointer}/${i}`, options));
  if (runs.every((r) => r === undefined)) return undefined;
  return (ctx) => {
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      const run = runs[i];
      out[i] = run === undefined ? items[i] : run(ctx);
    }
    return out;
  };
}

function compileObject(
  object: Record<string, unknown>,
  pointer: string,
  options: CompileOptions | undefined,
): ValueEvaluator | undefined {
  const keys = Object.keys(object);
  const keyRuns = keys.map((k) => compileString(k, `${pointer}/${escapePointer(k)}`, options));
  const valueRuns = keys.map((k) => compileJson(object[k], `${pointer}/${escapePointer(k)}`, options));
  if (keyRuns.every((r) => r === undefined) && valueRuns.every((r) => r === undefined)) return undefined;
  const values = keys.map((k) => object[k]);
  return (ctx) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const keyRun = keyRuns[i];
      const valueRun = valueRuns[i];
      const key = keyRun === undefined ? keys[i]! : interpolationText(keyRun(ctx));
      const v = valueRun === undefined ? values[i] : valueRun(ctx);
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
    }
    return out;
  };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function atPointer(error: unknown, pointer: string): unknown {
  if (error instanceof ExpressionError && error.pointer === undefined) {
    error.pointer = pointer || '/';
    error.message = `At ${error.pointer}: ${error.message}`;
  }
  return error;
}

/** Constant templates ignore their context. */
const NO_CONTEXT: EvaluationContext = {
  host: {
    now: () => new Date(0),
    random: () => 0,
    guid: () => '00000000-0000-0000-0000-000000000000',
  },
};
