import { useState } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { ConnectionSummary, ConnectorInfo } from '../api/types.ts';
import { shortTime } from '../format/short-time.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';
import { ConfirmDeleteButtons } from './confirm-delete-buttons.tsx';

/**
 * The stored connections of one connector: their settings as the vault lists them (a credential
 * reads "stored", never its value), Edit to load one into the form, and Delete once confirmed.
 * `stored` is undefined when the key may not read connections: then only the names are known.
 */
export function ConnectionList({
  connector,
  stored,
  editing,
  onEdit,
  onDelete,
}: {
  connector: ConnectorInfo;
  stored: ConnectionSummary[] | undefined;
  editing: string | undefined;
  onEdit: (name: string) => void;
  onDelete: (name: string) => Promise<void>;
}) {
  const [confirming, setConfirming] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<ConsoleApiError>();

  const remove = async (name: string) => {
    setDeleting(true);
    setError(undefined);
    try {
      await onDelete(name);
      setConfirming(undefined);
    } catch (err) {
      setError(asApiError(err));
    }
    setDeleting(false);
  };

  if (connector.connections.length === 0) {
    return (
      <p className="muted connection-none">
        No connection yet: playbooks that call {connector.displayName} fail until one is saved below.
      </p>
    );
  }
  return (
    <>
      <ErrorBanner error={error} />
      <table className="connection-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Settings</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {connector.connections.map((name) => {
            const connection = stored?.find((c) => c.name === name);
            return (
              <tr key={name} data-connection={name} className={name === editing ? 'selected' : undefined}>
                <td>
                  <code>{name}</code>
                  {name === connector.api && <div className="muted">serves every playbook without its own</div>}
                </td>
                <td>{connection ? <SettingsSummary connection={connection} /> : <span className="muted">not readable with this key</span>}</td>
                <td className="muted">{connection ? shortTime(connection.updatedAt) : ''}</td>
                <td>
                  {confirming === name ? (
                    <div className="connection-confirm">
                      <p className="error-text">
                        Delete connection '{name}'? Playbooks that use it fail at their next {connector.displayName} call until a connection is saved again.
                      </p>
                      <div className="row-actions">
                        <ConfirmDeleteButtons busy={deleting} onConfirm={() => remove(name)} onCancel={() => setConfirming(undefined)} />
                      </div>
                    </div>
                  ) : (
                    <div className="row-actions">
                      <button type="button" onClick={() => onEdit(name)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          setError(undefined);
                          setConfirming(name);
                        }}
                      >
                        Delete
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** The settings as the vault lists them: values of plain settings, "stored" for each credential. */
function SettingsSummary({ connection }: { connection: ConnectionSummary }) {
  const entries = Object.entries(connection.settings);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="setting-summary">
      {entries.map(([name, value]) => (
        <li key={name}>
          <code>{name}</code>{' '}
          {connection.secretKeys.includes(name) ? <span className="badge sla-ok">credential stored</span> : <span>{typeof value === 'string' ? value : JSON.stringify(value)}</span>}
        </li>
      ))}
    </ul>
  );
}
