import type { RunOrigin } from '@riposte/engine';

/** The run-origin columns both run-journal adapters keep (workflow_id, workflow_version, started_by). */
export interface RunOriginColumns {
  workflow_id: string | null;
  workflow_version: number | string | null;
  started_by: string | null;
}

/** The origin of a row as the RunStore port shows it: absent when the run has none. */
export function originOf(row: RunOriginColumns): { origin?: RunOrigin } {
  if (row.workflow_id === null) return {};
  return {
    origin: {
      workflowId: row.workflow_id,
      ...(row.workflow_version !== null ? { workflowVersion: Number(row.workflow_version) } : {}),
      ...(row.started_by !== null ? { startedBy: row.started_by } : {}),
    },
  };
}

/** The column values of an origin, in the order workflow_id, workflow_version, started_by. */
export function originColumns(origin: RunOrigin | undefined): [string | null, number | null, string | null] {
  return [origin?.workflowId ?? null, origin?.workflowVersion ?? null, origin?.startedBy ?? null];
}
