/**
 * The contract every function family plugs into. A family file exports
 * `register<Family>Functions(registry)` and calls `registry.register(spec)` once per function;
 * functions/index.ts builds the default registry from an explicit list of families.
 *
 * The compiler resolves a call to its FunctionSpec once, at compile time, and checks the argument
 * count there; `fn` only ever sees a correct number of arguments.
 */
import type { EvaluationHost, WorkflowContext } from '../context.ts';
import { ExpressionError } from '../errors.ts';

/** What a function may read besides its arguments. `workflow` is absent outside a run (e.g. `riposte eval`). */
export interface FunctionCallContext {
  host: EvaluationHost;
  workflow?: WorkflowContext;
}

/**
 * A function implementation. Arguments are already evaluated plain JSON-like values
 * (null, boolean, number, string, array, object — never undefined; a missing value is null).
 * Return a JSON-like value (undefined is treated as null). Signal misuse by throwing
 * ExpressionError (see argError in ../errors.ts and the helpers in ./args.ts).
 */
export type ExpressionFunction = (args: unknown[], ctx: FunctionCallContext) => unknown;

export interface FunctionSpec {
  /** Canonical spelling as documented by Logic Apps (lookup is case-insensitive). */
  name: string;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  fn: ExpressionFunction;
  /**
   * When true, `args` holds zero-argument thunks (`() => unknown`) instead of values, so the
   * function decides what to evaluate (if/and/or short-circuit). Only logical functions use it.
   */
  lazy?: boolean;
  /**
   * True when the result depends only on the arguments (no host clock/random, no workflow).
   * The compiler may then fold a call whose arguments are all literals into a constant.
   */
  pure?: boolean;
}

/** A case-insensitive table of expression functions. */
export class FunctionRegistry {
  readonly #specs = new Map<string, FunctionSpec>();

  /** Adds a function; registering the same name twice is a programming error and throws. */
  register(spec: FunctionSpec): void {
    const key = spec.name.toLowerCase();
    if (this.#specs.has(key)) {
      throw new Error(`Expression function '${spec.name}' is registered twice`);
    }
    if (!(spec.minArgs >= 0 && spec.maxArgs >= spec.minArgs)) {
      throw new Error(`Expression function '${spec.name}' has an invalid argument range`);
    }
    this.#specs.set(key, spec);
  }

  /** The function called `name` in any letter case, or undefined. */
  get(name: string): FunctionSpec | undefined {
    return this.#specs.get(name.toLowerCase());
  }

  /** Like get, but throws ExpressionError 'UnknownFunction'. */
  require(name: string, position?: number): FunctionSpec {
    const spec = this.get(name);
    if (!spec) {
      throw new ExpressionError(
        'UnknownFunction',
        `The template function '${name}'${position === undefined ? '' : ` at position ${position}`} is not defined or not valid.`,
        position,
      );
    }
    return spec;
  }

  /** Canonical names of all registered functions, sorted. */
  names(): string[] {
    return [...this.#specs.values()].map((s) => s.name).sort((a, b) => a.localeCompare(b));
  }

  /** A copy that can be extended without touching this registry. */
  clone(): FunctionRegistry {
    const copy = new FunctionRegistry();
    for (const spec of this.#specs.values()) copy.register(spec);
    return copy;
  }
}
