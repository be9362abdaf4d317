import { useState } from 'react';
import type { ConsoleApiError } from './api/client.ts';
import { asApiError } from './use-load.tsx';

/**
 * One call at a time to the API from a form or a button: `busy` while it runs, and its failure kept
 * as `error` for an ErrorBanner. `attempt` resolves true when `work` succeeded.
 */
export function useAttempt() {
  const [error, setError] = useState<ConsoleApiError>();
  const [busy, setBusy] = useState(false);
  const attempt = async (work: () => Promise<void>): Promise<boolean> => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
      return true;
    } catch (err) {
      setError(asApiError(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, attempt, clearError: () => setError(undefined) };
}
