import { useCallback, useEffect, useRef, useState } from 'react';
import { ConsoleApiError } from './api/client.ts';
import { reloadDelay } from './format/reload-delay.ts';

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

/**
 * Loads again while `pending` holds (a run that has not ended), each time the last load has answered:
 * after `everyMs`, doubling while the answers stay the same (a run waiting hours for an approval is
 * not read every second), up to `maxMs`; a changed answer starts again at `everyMs`.
 */
export function useReloadWhile(pending: boolean, loaded: Loaded<unknown>, everyMs = 1000, maxMs = 30_000): void {
  const { loading, data, reload } = loaded;
  const seen = useRef<{ text?: string; unchanged: number }>({ unchanged: 0 });
  useEffect(() => {
    if (!pending || loading) return;
    const text = JSON.stringify(data);
    seen.current = text === seen.current.text ? { text, unchanged: seen.current.unchanged + 1 } : { text, unchanged: 0 };
    const timer = setTimeout(reload, reloadDelay(seen.current.unchanged, everyMs, maxMs));
    return () => clearTimeout(timer);
    // A new answer (data) schedules the next load; reload changes identity on every render.
  }, [pending, loading, data, everyMs, maxMs]);
}
