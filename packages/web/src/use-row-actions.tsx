import { useState } from 'react';
import type { ConsoleApiError } from './api/client.ts';
import { asApiError } from './use-load.tsx';

/**
 * What a list page does to its rows (enable, disable, delete): one action at a time (`busy`), the
 * last error or notice, the row asking to confirm its delete; the list reloads after each action.
 * `act(work)`: `work` resolves with the notice to show (or nothing); a failure is shown as the error.
 */
export function useRowActions(reload: () => void) {
  const [error, setError] = useState<ConsoleApiError>();
  const [notice, setNotice] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);

  const clear = () => {
    setError(undefined);
    setNotice(undefined);
  };
  const act = async (work: () => Promise<string | void>) => {
    clear();
    setBusy(true);
    try {
      setNotice((await work()) ?? undefined);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
      setConfirming(undefined);
      reload();
    }
  };
  return { error, notice, busy, confirming, setConfirming, clear, act };
}
