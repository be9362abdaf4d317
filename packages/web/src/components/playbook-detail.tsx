import type { RiposteClient } from '../api/client.ts';
import type { MissingOperation } from '../api/types.ts';
import { shortTime } from '../format/short-time.ts';
import { useLoad } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/** The chosen playbook: the connector operations it calls that nothing provides, what else cannot run, and its versions. */
export function PlaybookDetail({ client, playbookId }: { client: RiposteClient; playbookId: string }) {
  const playbook = useLoad(() => client.getPlaybook(playbookId), [client, playbookId]);
  const versions = useLoad(() => client.listPlaybookVersions(playbookId), [client, playbookId]);
  const p = playbook.data;
  return (
    <div className="card playbook-detail">
      <h3>{p ? p.name : 'Playbook'}</h3>
      <ErrorBanner error={playbook.error} />
      {p && (
        <>
          <p className="muted">
            {p.triggerKind} trigger · version {p.version} · created by {p.createdBy}
            {p.callbackUrl && (
              <>
                {' '}
                · callback <code>{p.callbackUrl}</code>
              </>
            )}
          </p>
          <h4>Missing operations</h4>
          {p.missingOperations.length === 0 ? (
            <p className="muted">None: a connector provides every operation this playbook calls.</p>
          ) : (
            <table className="missing-operations">
              <thead>
                <tr>
                  <th>Action</th>
                  <th>API</th>
                  <th>Operation</th>
                </tr>
              </thead>
              <tbody>
                {p.missingOperations.map((m) => (
                  <tr key={m.pointer}>
                    <td title={m.pointer}>{actionName(m)}</td>
                    <td>{m.api}</td>
                    <td>
                      <code>
                        {m.method.toUpperCase()} {m.path}
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {p.notRunnable.length > 0 && (
            <>
              <h4>Cannot run here</h4>
              <ul className="not-runnable">
                {p.notRunnable.map((n) => (
                  <li key={`${n.pointer} ${n.code}`}>
                    <code>{n.pointer || '/'}</code> {n.code}: {n.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <h4>Versions</h4>
      <ErrorBanner error={versions.error} />
      <table className="playbook-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Created</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {(versions.data?.value ?? []).map((v) => (
            <tr key={v.version}>
              <td>
                {v.version}
                {v.current && <> <span className="badge">current</span></>}
              </td>
              <td className="muted">{shortTime(v.createdTimeUtc)}</td>
              <td>{v.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The action's name: the last segment of its pointer (/actions/For_each/actions/Check_IP → Check_IP). */
function actionName(m: MissingOperation): string {
  return m.pointer.split('/').filter(Boolean).pop() ?? m.pointer;
}
