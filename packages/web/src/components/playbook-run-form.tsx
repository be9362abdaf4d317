import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError, RiposteClient } from '../api/client.ts';
import { manualRunInput } from '../format/playbook-input.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/** "Run now": starts the playbook by hand with a JSON payload as its trigger body, then reports the new run. */
export function PlaybookRunForm({ client, playbookId, onStarted }: { client: RiposteClient; playbookId: string; onStarted: (runId: string) => void }) {
  const [payload, setPayload] = useState('{}');
  const [error, setError] = useState<ConsoleApiError>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const started = await client.startRun(playbookId, manualRunInput(payload));
      onStarted(started.runId);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card playbook-run" onSubmit={submit}>
      <h3>Start by hand</h3>
      <p className="muted">
        The payload is what <code>triggerBody()</code> returns in this run (JSON; empty sends none). Needs the playbooks.run permission.
      </p>
      <textarea name="runPayload" rows={5} spellCheck={false} value={payload} onChange={(e) => setPayload(e.target.value)} />
      <ErrorBanner error={error} />
      <button type="submit" disabled={busy}>
        Run now
      </button>
    </form>
  );
}
