/** A severity (incident or alert, any case) as a coloured badge. */
export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge severity-${severity.toLowerCase()}`}>{severity}</span>;
}
