/**
 * Typed failure of one action. The runtime turns it into the action's Failed (or TimedOut) status
 * and the run-history error `{ code, message }`, so the message must name the input field and what
 * was expected, e.g. "inputs.from: expected an array, got object".
 */
export type ActionFailureStatus = 'Failed' | 'TimedOut';

export class ActionFailure extends Error {
  override readonly name = 'ActionFailure';
  readonly code: string;
  readonly status?: ActionFailureStatus;
  readonly details?: unknown;

  constructor(code: string, message: string, options: { status?: ActionFailureStatus; details?: unknown } = {}) {
    super(message);
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** Short JSON-ish type name used in "expected X, got Y" messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}
