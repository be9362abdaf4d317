import type { RiposteClient } from '../api/client.ts';
import { routeHref } from '../console-route.ts';
import { useLoad, useReloadWhile } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';
import { shortTime } from '../format/short-time.ts';
import { RunStatusBadge, runHasEnded } from './run-status-badge.tsx';
import { runErrorText } from '../format/run-error.ts';

/** The runs of one playbook, newest first; read again while one of them has not ended. */
export function RunHistory({ client, playbookId, selectedRunId }: { client: RiposteClient; playbookId: string; selectedRunId?: string }) {
  const runs = useLoad(() => client.listRuns(playbookId), [client, playbookId]);
  const rows = runs.data?.value ?? [];
  useReloadWhile(rows.some((run) => !runHasEnded(run.status)), runs, 2000);
  return (
    <div className="card">
      <h3>Run history</h3>
      <ErrorBanner error={runs.error} />
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Started by</th>
            <th>Started</th>
            <th>Ended</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => (
            <tr key={run.runId} className={run.runId === selectedRunId ? 'selected' : undefined}>
              <td>
                <a href={routeHref({ page: 'playbooks', playbookId, runId: run.runId })}>
                  <code>{run.runId.slice(0, 12)}</code>
                </a>
              </td>
              <td>
                <RunStatusBadge status={run.status} />
              </td>
              <td>{run.startedBy}</td>
              <td className="muted">{shortTime(run.startTime)}</td>
              <td className="muted">{shortTime(run.endTime)}</td>
              <td>{runErrorText(run.error)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!runs.loading && !runs.error && rows.length === 0 && <p className="muted">This playbook has not run yet.</p>}
    </div>
  );
}
