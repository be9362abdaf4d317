import type { ConnectorInfo, OperationEffect } from '../api/types.ts';

const effectText: Record<OperationEffect, string> = {
  read: 'reads',
  notify: 'notifies',
  change: 'changes',
};
const effectClass: Record<OperationEffect, string> = {
  read: 'sla-done',
  notify: 'severity-low',
  change: 'sla-warn',
};

/** What a connector's operations do: the call, whether it changes an outside resource, whether recovery can undo it. */
export function ConnectorOperations({ connector }: { connector: ConnectorInfo }) {
  if (connector.operations.length === 0) return <p className="muted">This connector lists no operations.</p>;
  return (
    <table className="connector-operations">
      <thead>
        <tr>
          <th>Operation</th>
          <th>Call</th>
          <th>Effect</th>
          <th>Reversible</th>
          <th>Permission</th>
        </tr>
      </thead>
      <tbody>
        {connector.operations.map((op) => (
          <tr key={op.id} data-operation={op.id}>
            <td>
              {op.summary}
              <div className="muted">
                <code>{op.id}</code>
              </div>
            </td>
            <td className="nowrap">
              <code>
                {op.method.toUpperCase()} {op.path}
              </code>
            </td>
            <td>
              <EffectBadge effect={op.effect} />
            </td>
            <td>{op.effect === 'change' ? op.reversible ? 'yes, by recovery' : <span className="error-text">no</span> : <span className="muted">—</span>}</td>
            <td>
              <code>{op.permission}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Whether an operation reads, notifies or changes an outside resource, as a badge. */
export function EffectBadge({ effect }: { effect: OperationEffect }) {
  return <span className={`badge ${effectClass[effect] ?? ''}`}>{effectText[effect] ?? effect}</span>;
}

/** "3 change outside resources (2 reversible), 1 notifies" for a connector's row. */
export function effectSummary(connector: ConnectorInfo): string {
  const ops = connector.operations;
  const changes = ops.filter((o) => o.effect === 'change');
  const reversible = changes.filter((o) => o.reversible).length;
  const notify = ops.filter((o) => o.effect === 'notify').length;
  const parts: string[] = [];
  if (changes.length) {
    const undo = reversible === changes.length ? (changes.length === 1 ? 'reversible' : 'all reversible') : `${reversible} reversible`;
    parts.push(`${changes.length} ${changes.length === 1 ? 'changes' : 'change'} outside resources (${undo})`);
  }
  if (notify) parts.push(`${notify} ${notify === 1 ? 'notifies' : 'notify'}`);
  return parts.length ? parts.join(', ') : 'read only';
}
