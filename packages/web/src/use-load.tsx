import { useCallback, useEffect, useState } from 'react';
import { ConsoleApiError } from './api/client.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ConsoleApiError | undefined;
  loading: boolean;
  /** Loads again (after a change). */
  reload: () => void;
}

/** Loads data from the API when the inputs change; an answer that arrives late is dropped. */
export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ConsoleApiError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  // The caller names what the load depends on, as with useEffect.
  const run = useCallback(load, inputs);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => current && setState({ data, loading: false }),
      (err: unknown) => current && setState({ error: asApiError(err), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [run, round]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setRound((r) => r + 1) };
}

/** Any failure as the error type the console displays. */
export function asApiError(err: unknown): ConsoleApiError {
  return err instanceof ConsoleApiError ? err : new ConsoleApiError(0, 'ConsoleError', (err as Error)?.message ?? String(err));
}
