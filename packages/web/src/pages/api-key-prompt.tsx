import { useState } from 'react';
import type { FormEvent } from 'react';
import { RiposteClient } from '../api/client.ts';
import type { ConsoleApiError } from '../api/client.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { asApiError } from '../use-load.tsx';

/** Asks for an API key and checks it against the server before keeping it for this tab. */
export function ApiKeyPrompt({ onAccepted, notice }: { onAccepted: (key: string) => void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ConsoleApiError>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) return;
    setChecking(true);
    setError(undefined);
    try {
      await new RiposteClient(candidate).verify();
      onAccepted(candidate);
    } catch (err) {
      setError(asApiError(err));
      setChecking(false);
    }
  };

  return (
    <div className="key-prompt">
      <form onSubmit={submit} className="card">
        <h1>Riposte console</h1>
        <p>Paste an API key (<code>riposte keys create --role responder</code> prints one). It is kept in this tab only.</p>
        {notice && <p className="notice-warn">{notice}</p>}
        <label>
          API key
          <input type="password" name="apiKey" autoComplete="off" autoFocus value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        <ErrorBanner error={error} />
        <button type="submit" disabled={checking || !key.trim()}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
