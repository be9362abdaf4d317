import type { RiposteClient } from '../api/client.ts';
import { useLoad, useReloadWhile } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';
import { shortTime } from '../format/short-time.ts';
import { RunStatusBadge, runHasEnded } from './run-status-badge.tsx';
import { runErrorText } from '../format/run-error.ts';

/** One run: its status and every action it executed (loop iterations in brackets); read again until it has ended. */
export function RunDetailView({ client, runId }: { client: RiposteClient; runId: string }) {
  const run = useLoad(() => client.getRun(runId), [client, runId]);
  const detail = run.data;
  useReloadWhile(detail !== undefined && !runHasEnded(detail.status), run);
  return (
    <div className="card">
      <h3>
        Run <code>{runId}</code>
      </h3>
      <ErrorBanner error={run.error} />
      {detail && (
        <>
          <p>
            <RunStatusBadge status={detail.status} /> started by {detail.startedBy ?? 'unknown'} · version {detail.playbookVersion ?? '?'}
            {detail.error && <span className="error-text"> · {runErrorText(detail.error)}</span>}
          </p>
          <table>
            <thead>
              <tr>
                <th>Action</th>
                <th>Type</th>
                <th>Status</th>
                <th>Code</th>
                <th>Attempts</th>
                <th>Started</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {detail.actions.map((a) => (
                <tr key={`${a.path}[${a.iteration.join(',')}]`}>
                  <td>
                    {a.path}
                    {a.iteration.length ? ` [${a.iteration.join(', ')}]` : ''}
                  </td>
                  <td>{a.type}</td>
                  <td>
                    <RunStatusBadge status={a.status} />
                  </td>
                  <td>{a.code ?? ''}</td>
                  <td>{a.attempts ?? ''}</td>
                  <td className="muted">{shortTime(a.startTime)}</td>
                  <td>{runErrorText(a.error)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
