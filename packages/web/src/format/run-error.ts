import type { RunError } from '../api/types.ts';

/** A run's or an action's error as one line (code, then message); empty when there is none. */
export function runErrorText(error: RunError | null | undefined): string {
  return error ? `${error.code ?? ''} ${error.message ?? ''}` : '';
}
