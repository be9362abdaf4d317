import { stateLines } from '../format/state-summary.ts';

/** A resource state as a few "field: value" lines, the full JSON behind a disclosure (as the API gave it). */
export function ResourceState({ state, label }: { state: unknown; label: string }) {
  const { lines, more } = stateLines(state);
  return (
    <div className="resource-state">
      {lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
      {more > 0 && <div className="muted">+ {more} more</div>}
      {state !== null && state !== undefined && (
        <details>
          <summary className="muted">{label} JSON</summary>
          <pre>{JSON.stringify(state, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
