import type { RiposteClient } from '../api/client.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { EnabledBadge } from '../components/enabled-badge.tsx';
import { RunDetailView } from '../components/run-detail-view.tsx';
import { RunHistory } from '../components/run-history.tsx';
import { shortTime } from '../format/short-time.ts';
import { routeHref } from '../console-route.ts';
import { useLoad } from '../use-load.tsx';

/** Playbooks; choosing one shows its run history, choosing a run shows each action of it. */
export function PlaybookList({ client, playbookId, runId }: { client: RiposteClient; playbookId?: string; runId?: string }) {
  const playbooks = useLoad(() => client.listPlaybooks(), [client]);
  const rows = playbooks.data?.value ?? [];
  return (
    <section>
      <div className="toolbar">
        <h2>Playbooks</h2>
        <button type="button" onClick={playbooks.reload}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={playbooks.error} />
      <table className="playbooks">
        <thead>
          <tr>
            <th>Name</th>
            <th>State</th>
            <th>Trigger</th>
            <th>Version</th>
            <th>Missing operations</th>
            <th>Modified</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} className={p.id === playbookId ? 'selected' : undefined}>
              <td>
                <a href={routeHref({ page: 'playbooks', playbookId: p.id })}>{p.name}</a>
              </td>
              <td>
                <EnabledBadge enabled={p.enabled} />
              </td>
              <td>{p.triggerKind}</td>
              <td>{p.version}</td>
              <td>{p.missingOperations?.length ? <span className="badge sla-warn">{p.missingOperations.length}</span> : <span className="muted">none</span>}</td>
              <td className="muted">{shortTime(p.lastModifiedTimeUtc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!playbooks.loading && !playbooks.error && rows.length === 0 && <p className="muted">No playbooks yet.</p>}
      {playbookId && <RunHistory key={playbookId} client={client} playbookId={playbookId} selectedRunId={runId} />}
      {playbookId && runId && <RunDetailView key={runId} client={client} runId={runId} />}
    </section>
  );
}
