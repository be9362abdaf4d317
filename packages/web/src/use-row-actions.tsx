import { useState } from 'react';
import { useAttempt } from './use-attempt.tsx';

/**
 * What a list page does to its rows (enable, disable, delete): one action at a time (`busy`), the
 * last error or notice, the row asking to confirm its delete; the list reloads after each action.
 * `act(work)`: `work` resolves with the notice to show (or nothing); a failure is shown as the error.
 */
export function useRowActions(reload: () => void) {
  const { error, busy, attempt, clearError } = useAttempt();
  const [notice, setNotice] = useState<string>();
  const [confirming, setConfirming] = useState<string>();

  const clear = () => {
    setNotice(undefined);
    clearError();
  };
  const act = async (work: () => Promise<string | void>) => {
    setNotice(undefined);
    await attempt(async () => setNotice((await work()) ?? undefined));
    setConfirming(undefined);
    reload();
  };
  return { error, notice, busy, confirming, setConfirming, clear, act };
}
