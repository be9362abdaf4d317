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

/** Loads again every `everyMs` while `pending` holds (a run that has not ended), each time the last load has answered. */
export function useReloadWhile(pending: boolean, loaded: Loaded<unknown>, everyMs = 1000): void {
  const { loading, data, reload } = loaded;
  useEffect(() => {
    if (!pending || loading) return;
    const timer = setTimeout(reload, everyMs);
    return () => clearTimeout(timer);
    // A new answer (data) schedules the next load; reload changes identity on every render.
  }, [pending, loading, data, everyMs]);
}
