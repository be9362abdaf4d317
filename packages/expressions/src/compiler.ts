/**
 * Syntax tree → a tree of closures. Functions are resolved and argument counts checked here,
 * once; evaluation then only calls closures: no tree walking, no name lookups, no eval.
 */
import { readMember } from './access.ts';
import type { AccessNode, CallNode, ExpressionNode, TemplateNode } from './ast.ts';
import { ExpressionError } from './errors.ts';
import type { FunctionCallContext, FunctionRegistry, FunctionSpec } from './functions/registry.ts';
import { interpolationText } from './text.ts';

/** What evaluation reads: the host (clock, random, guid) and, inside a run, the workflow. */
export type EvaluationContext = FunctionCallContext;

/** One compiled node: `run` computes its value; `constant` nodes carry the value too. */
type Evaluator = (ctx: EvaluationContext) => unknown;
interface Compiled {
  run: Evaluator;
  constant: boolean;
  value?: unknown;
}

export interface CompiledTemplate {
  /** The template text it was compiled from. */
  readonly source: string;
  readonly kind: TemplateNode['kind'];
  /** True when evaluate() always returns the same value (no expression, or all folded). */
  readonly constant: boolean;
  /** Evaluates the template; the result is a JSON-like value (never undefined). */
  evaluate(ctx: EvaluationContext): unknown;
}

/** Compiles a parsed template against a function registry. */
export function compileTemplate(source: string, template: TemplateNode, registry: FunctionRegistry): CompiledTemplate {
  switch (template.kind) {
    case 'literal':
      return constantTemplate(source, 'literal', template.value);
    case 'expression': {
      const compiled = compileNode(template.expression, registry);
      if (compiled.constant) return constantTemplate(source, 'expression', compiled.value);
      return { source, kind: 'expression', constant: false, evaluate: typed(compiled.run) };
    }
    case 'interpolation': {
      const compiled = compileInterpolation(template.parts, registry);
      if (compiled.constant) return constantTemplate(source, 'interpolation', compiled.value);
      return { source, kind: 'interpolation', constant: false, evaluate: typed(compiled.run) };
    }
  }
}

/**
 * Callers only ever see ExpressionError: anything else escaping evaluation (a workflow context
 * that throws, text of a value too deep to serialize) is reported as 'InvalidArgument'.
 */
function typed(run: Evaluator): Evaluator {
  return (ctx) => {
    try {
      return run(ctx);
    } catch (error) {
      if (error instanceof ExpressionError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new ExpressionError('InvalidArgument', `The expression could not be evaluated: ${detail}`);
    }
  };
}

function constantTemplate(source: string, kind: TemplateNode['kind'], value: unknown): CompiledTemplate {
  return { source, kind, constant: true, evaluate: () => value };
}

function constant(value: unknown): Compiled {
  return { run: () => value, constant: true, value };
}

function compileNode(node: ExpressionNode, registry: FunctionRegistry): Compiled {
  switch (node.kind) {
    case 'literal':
      return constant(node.value);
    case 'call':
      return compileCall(node, registry);
    case 'access':
      return compileAccess(node, registry);
  }
}

function compileCall(node: CallNode, registry: FunctionRegistry): Compiled {
  const spec = registry.require(node.name, node.start);
  const count = node.args.length;
  if (count < spec.minArgs || count > spec.maxArgs) throw arityError(node, spec);
  const args = node.args.map((arg) => compileNode(arg, registry));
  const call = spec.lazy ? lazyCall(spec, args, node.start) : eagerCall(spec, args, node.start);
  if (spec.pure && args.every((a) => a.constant)) {
    try {
      const value = call({ host: NO_HOST });
      // Only primitives are folded: a shared array or object could be mutated by a consumer.
      if (value === null || typeof value !== 'object') return constant(value);
    } catch {
      // Leave the failure to evaluation time, where it is reported in context.
    }
  }
  return { run: call, constant: false };
}

function arityError(node: CallNode, spec: FunctionSpec): ExpressionError {
  const { minArgs: min, maxArgs: max } = spec;
  const wanted =
    min === max ? `exactly ${min}` : max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
  return new ExpressionError(
    'ArgumentCount',
    `The function '${spec.name}' at position ${node.start} expects ${wanted} argument${max === 1 && min === 1 ? '' : 's'} but got ${node.args.length}.`,
    node.start,
  );
}

/** Pure functions never touch the host; folding gives them one that says so if they do. */
const NO_HOST = {
  now(): Date {
    throw new Error('a pure function read the clock');
  },
  random(): number {
    throw new Error('a pure function read random');
  },
  guid(): string {
    throw new Error('a pure function read guid');
  },
};

function eagerCall(spec: FunctionSpec, args: Compiled[], position: number): Evaluator {
  const fn = spec.fn;
  const name = spec.name;
  const invoke = (values: unknown[], ctx: EvaluationContext): unknown => {
    try {
      const result = fn(values, ctx);
      return result === undefined ? null : result;
    } catch (error) {
      throw located(error, name, position);
    }
  };
  // Fixed-arity closures avoid a map() and an extra array per call on the hot path.
  switch (args.length) {
    case 0:
      return (ctx) => invoke([], ctx);
    case 1: {
      const a = args[0]!.run;
      return (ctx) => invoke([a(ctx)], ctx);
    }
    case 2: {
      const a = args[0]!.run;
      const b = args[1]!.run;
      return (ctx) => invoke([a(ctx), b(ctx)], ctx);
    }
    case 3: {
      const a = args[0]!.run;
      const b = args[1]!.run;
      const c = args[2]!.run;
      return (ctx) => invoke([a(ctx), b(ctx), c(ctx)], ctx);
    }
    default: {
      const runs = args.map((a) => a.run);
      return (ctx) => {
        const values = new Array<unknown>(runs.length);
        for (let i = 0; i < runs.length; i++) values[i] = runs[i]!(ctx);
        return invoke(values, ctx);
      };
    }
  }
}

function lazyCall(spec: FunctionSpec, args: Compiled[], position: number): Evaluator {
  const runs = args.map((a) => a.run);
  return (ctx) => {
    const thunks = runs.map((run) => () => run(ctx));
    try {
      const result = spec.fn(thunks, ctx);
      return result === undefined ? null : result;
    } catch (error) {
      throw located(error, spec.name, position);
    }
  };
}

/** Gives a function's error the call's position; turns a non-typed failure into a typed one. */
function located(error: unknown, name: string, position: number): ExpressionError {
  if (error instanceof ExpressionError) {
    error.position ??= position;
    return error;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ExpressionError('InvalidArgument', `The function '${name}' failed: ${detail}`, position);
}

function compileAccess(node: AccessNode, registry: FunctionRegistry): Compiled {
  const target = compileNode(node.target, registry).run;
  const key = compileNode(node.key, registry);
  const nullSafe = node.nullSafe;
  // Errors point at the member being read, not at the start of the whole chain.
  const start = node.key.start;
  if (!key.constant) {
    const keyRun = key.run;
    return { run: (ctx) => readMember(target(ctx), keyRun(ctx), nullSafe, start), constant: false };
  }
  const k = key.value;
  if (typeof k === 'string' && k !== '__proto__') {
    // Fast path for the overwhelmingly common case: a present property of a plain object.
    return {
      run: (ctx) => {
        const o = target(ctx);
        if (typeof o === 'object' && o !== null && !Array.isArray(o)) {
          const v = (o as Record<string, unknown>)[k];
          if (v !== undefined && typeof v !== 'function') return v;
        }
        return readMember(o, k, nullSafe, start);
      },
      constant: false,
    };
  }
  return { run: (ctx) => readMember(target(ctx), k, nullSafe, start), constant: false };
}

function compileInterpolation(parts: Array<string | ExpressionNode>, registry: FunctionRegistry): Compiled {
  const compiled = parts.map((p) => (typeof p === 'string' ? constant(p) : compileNode(p, registry)));
  if (compiled.every((c) => c.constant)) {
    return constant(compiled.map((c) => interpolationText(c.value)).join(''));
  }
  if (compiled.length === 1) {
    const only = compiled[0]!.run;
    return { run: (ctx) => interpolationText(only(ctx)), constant: false };
  }
  // Literal segments are pre-rendered; expression segments hold their evaluator.
  const texts: string[] = compiled.map((c) => (c.constant ? interpolationText(c.value) : ''));
  const runs: Array<Evaluator | undefined> = compiled.map((c) => (c.constant ? undefined : c.run));
  return {
    run: (ctx) => {
      let out = '';
      for (let i = 0; i < runs.length; i++) {
        const run = runs[i];
        out += run === undefined ? texts[i] : interpolationText(run(ctx));
      }
      return out;
    },
    constant: false,
  };
}
