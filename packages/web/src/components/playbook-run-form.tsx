import { useState } from 'react';
import type { FormEvent } from 'react';
import type { RiposteClient } from '../api/client.ts';
import { manualRunInput } from '../format/playbook-input.ts';
import { useAttempt } from '../use-attempt.tsx';
import { ErrorBanner } from './error-banner.tsx';

/** "Run now": starts the playbook by hand with a JSON payload as its trigger body, then reports the new run. */
export function PlaybookRunForm({ client, playbookId, onStarted }: { client: RiposteClient; playbookId: string; onStarted: (runId: string) => void }) {
  const [payload, setPayload] = useState('{}');
  const { error, busy, attempt } = useAttempt();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => onStarted((await client.startRun(playbookId, manualRunInput(payload))).runId));
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
