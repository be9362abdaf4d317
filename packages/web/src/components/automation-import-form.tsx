import { useState } from 'react';
import type { FormEvent } from 'react';
import { ConsoleApiError } from '../api/client.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/** A box to paste a Microsoft.Security/automations JSON (the resource or its properties) into. */
export function AutomationImportForm({ onCreate }: { onCreate: (document: unknown) => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<ConsoleApiError>();
  const [created, setCreated] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setCreated(false);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (err) {
      setError(new ConsoleApiError(0, 'InvalidJson', `the pasted text is not JSON: ${(err as Error).message}`));
      return;
    }
    try {
      await onCreate(document);
      setText('');
      setCreated(true);
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <form className="card automation-import" onSubmit={submit}>
      <h3>Create from JSON</h3>
      <p className="muted">
        Paste a Defender for Cloud automation (<code>Microsoft.Security/automations</code>) as exported from Azure. LogicApp actions must name a Riposte playbook.
      </p>
      <textarea name="automationJson" rows={10} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <ErrorBanner error={error} />
      {created && <p className="notice">Created.</p>}
      <button type="submit" disabled={!text.trim()}>
        Create automation
      </button>
    </form>
  );
}
