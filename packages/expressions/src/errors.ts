/**
 * The one error family of the expression language. Every failure a user can cause — bad syntax,
 * unknown function, wrong argument, missing workflow reference — surfaces as an ExpressionError
 * with a stable `code`, so callers (engine, CLI, API) branch on data, not on message text.
 */

export type ExpressionErrorCode =
  /** Syntax error; `position` is the zero-based character offset in the expression text. */
  | 'InvalidTemplate'
  | 'UnknownFunction'
  /** A function was called with too few or too many arguments. */
  | 'ArgumentCount'
  /** An argument has the wrong type or an unusable value. */
  | 'InvalidArgument'
  /** A workflow function refers to something that does not exist (action, variable, loop...). */
  | 'WorkflowReference'
  | 'ExpressionTooLong'
  /** Member access or indexing on null without `?`. */
  | 'NullReference'
  /** `.name` / `['name']` without `?` on an object that has no such property. */
  | 'MissingProperty'
  /** `[i]` without `?` outside the bounds of an array. */
  | 'IndexOutOfRange'
  /** `evaluateLine` got a line that is not a JSON string. */
  | 'InvalidInput';

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly code: ExpressionErrorCode;
  /** Zero-based character offset in the expression text, when known. */
  position?: number;
  /** JSON pointer of the template inside a compiled value (compileValue), when known. */
  pointer?: string;

  constructor(code: ExpressionErrorCode, message: string, position?: number) {
    super(message);
    this.code = code;
    if (position !== undefined) this.position = position;
  }

  /** Plain data for run history and API responses (no stack). */
  toJSON(): { code: ExpressionErrorCode; message: string; position?: number; pointer?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.position === undefined ? {} : { position: this.position }),
      ...(this.pointer === undefined ? {} : { pointer: this.pointer }),
    };
  }
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** "first", "second", ... for a zero-based argument index (falls back to "argument 12"). */
export function ordinal(index: number): string {
  return ORDINALS[index] ?? `${index + 1}th`;
}

/**
 * The value's type as Logic Apps names it in error messages: Null, String, Integer, Float,
 * Boolean, Array, Object.
 */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return Number.isInteger(value) ? 'Integer' : 'Float';
    case 'boolean':
      return 'Boolean';
    case 'bigint':
      return 'Integer';
    default:
      return Array.isArray(value) ? 'Array' : 'Object';
  }
}

/**
 * Error for a bad argument. `index` is zero-based; `expected` completes the sentence
 * "expects its first argument to be …" (e.g. 'a string', 'an integer or a decimal number');
 * `got` is the offending value, whose type is named in the message.
 */
export function argError(fnName: string, index: number, expected: string, got: unknown): ExpressionError {
  return new ExpressionError(
    'InvalidArgument',
    `The template language function '${fnName}' expects its ${ordinal(index)} argument to be ${expected}. ` +
      `The provided value is of type '${typeName(got)}'.`,
  );
}

/** Error for a bad argument value whose type is right (e.g. a negative length, an unparsable date). */
export function argValueError(fnName: string, index: number, problem: string): ExpressionError {
  return new ExpressionError(
    'InvalidArgument',
    `The template language function '${fnName}' got an invalid ${ordinal(index)} argument: ${problem}.`,
  );
}
