import type { IncidentEntity } from '../api/types.ts';

/** The entities related to an incident (accounts, hosts, addresses, files, …), or an alert's evidence (`title`). */
export function EntityList({ entities, title = 'Entities' }: { entities: Pick<IncidentEntity, 'kind' | 'key' | 'friendlyName'>[]; title?: string }) {
  return (
    <div className="card">
      <h3>
        {title} ({entities.length})
      </h3>
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
