import type { IncidentEntity } from '../api/types.ts';

/** The entities related to an incident (accounts, hosts, addresses, files, …). */
export function EntityList({ entities }: { entities: IncidentEntity[] }) {
  return (
    <div className="card">
      <h3>Entities ({entities.length})</h3>
      <ul className="entity-list">
        {entities.map((e) => (
          <li key={e.key}>
            <span className="badge">{e.kind}</span> {e.friendlyName}
          </li>
        ))}
      </ul>
    </div>
  );
}
