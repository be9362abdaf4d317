/**
 * Errors of the run state machine. Action failures use ActionFailure (actions/errors.ts); these are
 * the run-level ones a caller of the runtime sees. History only ever holds `{ code, message }`.
 */
import type { RunError } from '../store/run-store.ts';
import { ActionFailure } from '../actions/errors.ts';

export type WorkflowErrorCode = 'InvalidParameters' | 'InvalidDefinition' | 'RunNotFound' | 'RunLeased' | 'RunNotWaiting' | 'WorkflowNotFound';

/** A run cannot be started or continued as asked (bad parameters, unknown run...). */
export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Turns anything thrown while running an action into a history error without a stack. */
export function toRunError(err: unknown): RunError {
  if (err instanceof ActionFailure) return { code: err.code, message: err.message };
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return { code: (err as { code: string }).code, message: String((err as { message?: unknown }).message ?? '') };
  }
  return { code: 'InternalError', message: err instanceof Error ? err.message : String(err) };
}
