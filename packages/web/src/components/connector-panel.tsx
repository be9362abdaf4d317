import { useState } from 'react';
import type { ConnectionPut, ConnectionSummary, ConnectorInfo } from '../api/types.ts';
import { ConnectionForm } from './connection-form.tsx';
import { ConnectionList } from './connection-list.tsx';
import { ConnectorOperations } from './connector-operations.tsx';

/**
 * One connector: its operations, its stored connections, and the form to add or replace one. The
 * form starts on the connection named after the api when there is one, else on a new connection.
 */
export function ConnectorPanel({
  connector,
  stored,
  onSave,
  onDelete,
}: {
  connector: ConnectorInfo;
  /** Stored connections (masked); undefined when this key may not read them. */
  stored: ConnectionSummary[] | undefined;
  onSave: (name: string, body: ConnectionPut) => Promise<ConnectionSummary>;
  onDelete: (name: string) => Promise<void>;
}) {
  const [editing, setEditing] = useState<string | undefined>(() => (connector.connections.includes(connector.api) ? connector.api : undefined));
  // A new form each time another connection is chosen, so nothing typed for one leaks into the other.
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState<string>();
  const choose = (name: string | undefined) => {
    setEditing(name);
    setNotice(undefined);
    setRound((r) => r + 1);
  };
  const editedConnection = editing ? stored?.find((c) => c.name === editing) : undefined;

  return (
    <div className="connector-panel" data-connector={connector.api}>
      <div className="card">
        <h3>
          {connector.displayName} <code className="muted">{connector.api}</code>
        </h3>
        <ConnectorOperations connector={connector} />
      </div>
      <div className="card">
        <div className="toolbar">
          <h3>Connections</h3>
          <button
            type="button"
            className="secondary"
            onClick={() => choose(undefined)}
          >
            New connection
          </button>
        </div>
        <ConnectionList
          connector={connector}
          stored={stored}
          editing={editing}
          onEdit={choose}
          onDelete={async (name) => {
            await onDelete(name);
            if (name === editing) choose(undefined);
            setNotice(`Deleted connection '${name}'.`);
          }}
        />
      </div>
      {notice && (
        <p className="notice connection-notice" role="status">
          {notice}
        </p>
      )}
      <ConnectionForm
        key={`${editing ?? ''}#${round}#${editedConnection?.updatedAt ?? ''}`}
        connector={connector}
        stored={editedConnection}
        onSave={async (name, body) => {
          const existed = connector.connections.includes(name);
          setNotice(undefined);
          const saved = await onSave(name, body);
          // The form starts over on the saved connection: settings as stored, credentials empty.
          setEditing(saved.name);
          setNotice(`${existed ? 'Replaced' : 'Created'} connection '${saved.name}'. Its credentials are stored encrypted and are not shown again.`);
          return saved;
        }}
      />
    </div>
  );
}
