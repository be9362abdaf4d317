/** Whether a playbook or an automation is switched on, as a badge. */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return <span className={`badge ${enabled ? 'sla-ok' : 'sla-warn'}`}>{enabled ? 'Enabled' : 'Disabled'}</span>;
}
