import type { RiposteClient } from '../api/client.ts';
import type { ConnectionSummary, ConnectorInfo } from '../api/types.ts';
import { ConnectorPanel } from '../components/connector-panel.tsx';
import { effectSummary } from '../components/connector-operations.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { routeHref } from '../console-route.ts';
import { useLoad } from '../use-load.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

/**
 * The installation's connectors and their connections (credentials for Jira, ServiceNow, SMTP, …):
 * choosing a connector shows its operations and a form to add, replace or delete a connection.
 * Reading needs connections.read, saving connections.write; a refusal is shown as the server states it.
 */
export function Connections({ client, api }: { client: RiposteClient; api?: string }) {
  const connectors = useLoad(() => client.listConnectors(), [client]);
  const connections = useLoad(() => client.listConnections(), [client]);
  const reload = () => {
    connectors.reload();
    connections.reload();
  };

  // A server without GET /api/connectors still lists its connections: one row per api then.
  const catalogueMissing = connectors.error?.status === 404;
  const rows = catalogueMissing ? rowsFromConnections(connections.data?.value ?? []) : (connectors.data?.value ?? []);
  const stored = connections.error ? undefined : connections.data?.value;
  const selected = api ? rows.find((c) => c.api === api.toLowerCase()) : undefined;
  const forbidden = connectors.error?.status === 403 || connections.error?.status === 403;

  return (
    <section>
      <PageToolbar title="Connections" onRefresh={reload} />
      {forbidden && (
        <p className="notice-warn">
          Connections hold the installation's credentials: this key's role may not read them (<code>connections.read</code>), and changing them needs{' '}
          <code>connections.write</code>. Use a key whose role has them.
        </p>
      )}
      {catalogueMissing ? (
        <p className="notice-warn">This server does not list its connectors (GET /api/connectors answered 404): only the apis that already have a connection are shown.</p>
      ) : (
        <ErrorBanner error={connectors.error} />
      )}
      <ErrorBanner error={connections.error} />
      <table className="connectors">
        <thead>
          <tr>
            <th>Connector</th>
            <th>Operations</th>
            <th>What they do</th>
            <th>Connections</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.api} data-connector={c.api} className={c === selected ? 'selected' : undefined}>
              <td>
                <a href={routeHref({ page: 'connections', api: c.api })}>{c.displayName}</a>
                <div className="muted">
                  <code>{c.api}</code>
                </div>
              </td>
              <td>{c.operations.length}</td>
              <td>{c.operations.length ? effectSummary(c) : <span className="muted">—</span>}</td>
              <td>
                {c.connections.length ? (
                  c.connections.map((name) => (
                    <span key={name} className="badge sla-ok configured">
                      {name}
                    </span>
                  ))
                ) : c.connection || catalogueMissing ? (
                  <span className="badge sla-warn">not configured</span>
                ) : (
                  <span className="muted">needs none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!connectors.loading && !connectors.error && rows.length === 0 && <p className="muted">This server has no connectors.</p>}
      {api && !selected && !connectors.loading && rows.length > 0 && <p className="error-text">No connector '{api}' on this server.</p>}
      {selected && (
        <ConnectorPanel
          key={selected.api}
          connector={selected}
          stored={stored}
          onSave={async (name, body) => {
            try {
              return await client.putConnection(name, body);
            } finally {
              reload();
            }
          }}
          onDelete={async (name) => {
            try {
              await client.deleteConnection(name);
            } finally {
              reload();
            }
          }}
        />
      )}
    </section>
  );
}

/** Without the catalogue: one row per api that has stored connections, with no schema or operations. */
function rowsFromConnections(connections: ConnectionSummary[]): ConnectorInfo[] {
  const byApi = new Map<string, string[]>();
  for (const c of connections) byApi.set(c.api, [...(byApi.get(c.api) ?? []), c.name]);
  return [...byApi].sort(([a], [b]) => a.localeCompare(b)).map(([api, names]) => ({ api, displayName: api, operations: [], connections: names.sort() }));
}
