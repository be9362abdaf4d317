import { useState } from 'react';
import type { RiposteClient } from '../api/client.ts';
import type { RunStarted } from '../api/types.ts';
import { routeHref } from '../console-route.ts';
import { useAttempt } from '../use-attempt.tsx';
import { useLoad } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/**
 * Runs a playbook on this incident by hand, as Sentinel's "Run playbook" does: the enabled playbooks
 * with the Sentinel incident trigger, started with the payload Sentinel would send for it (the server
 * builds it from the incident id).
 */
export function IncidentPlaybookRun({ client, incidentId, onStarted }: { client: RiposteClient; incidentId: string; onStarted: () => void }) {
  const playbooks = useLoad(() => client.listPlaybooks(), [client]);
  const runnable = (playbooks.data?.value ?? []).filter((p) => p.enabled && p.triggerKind === 'sentinel-incident');
  const [chosen, setChosen] = useState('');
  const [started, setStarted] = useState<{ playbookId: string; name: string; run: RunStarted }>();
  const { error, busy, attempt } = useAttempt();
  const playbookId = chosen || runnable[0]?.id || '';

  const run = async () => {
    const playbook = runnable.find((p) => p.id === playbookId);
    if (!playbook) return;
    setStarted(undefined);
    await attempt(async () => {
      setStarted({ playbookId: playbook.id, name: playbook.name, run: await client.startRun(playbook.id, { incidentId }) });
      onStarted();
    });
  };

  return (
    <div className="card incident-playbook-run">
      <h3>Run playbook</h3>
      <ErrorBanner error={playbooks.error} />
      {!playbooks.loading && !playbooks.error && runnable.length === 0 ? (
        <p className="muted">No enabled playbook has the Sentinel incident trigger.</p>
      ) : (
        <div className="form-actions">
          <select name="playbook" aria-label="Playbook" value={playbookId} onChange={(e) => setChosen(e.target.value)}>
            {runnable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || !playbookId} onClick={run}>
            Run playbook
          </button>
        </div>
      )}
      <ErrorBanner error={error} />
      {started && (
        <p className="notice">
          Started {started.name}:{' '}
          <a href={routeHref({ page: 'playbooks', playbookId: started.playbookId, runId: started.run.runId })}>run {started.run.runId}</a> ({started.run.status}).
        </p>
      )}
    </div>
  );
}
