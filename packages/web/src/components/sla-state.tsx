import type { IncidentSla } from '../api/types.ts';
import { slaState } from '../format/sla-summary.ts';

/** The SLA state as a coloured badge; hovering shows the deadline. */
export function SlaState({ sla }: { sla: IncidentSla }) {
  const state = slaState(sla);
  return (
    <span className={`badge sla-${state.tone}`} title={state.detail}>
      {state.label}
    </span>
  );
}
