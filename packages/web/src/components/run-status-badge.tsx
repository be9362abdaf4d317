/** A run's or an action's status (Succeeded, Failed, Waiting, …) as a coloured badge. */
export function RunStatusBadge({ status }: { status: string }) {
  return <span className={`badge run-${status.toLowerCase()}`}>{status}</span>;
}
