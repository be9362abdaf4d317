/** A run's or an action's status (Succeeded, Failed, Waiting, …) as a coloured badge. */
export function RunStatusBadge({ status }: { status: string }) {
  return <span className={`badge run-${status.toLowerCase()}`}>{status}</span>;
}

const endedStatuses = new Set(['Succeeded', 'Failed', 'Cancelled', 'TimedOut', 'Skipped']);

/** Whether a run (or action) status is final; Running, Waiting and anything unknown may still change. */
export function runHasEnded(status: string): boolean {
  return endedStatuses.has(status);
}
