import type { ConsoleRoute } from '../console-route.ts';
import { routeHref } from '../console-route.ts';

const sections: { label: string; route: ConsoleRoute; active: ConsoleRoute['page'][] }[] = [
  { label: 'Incidents', route: { page: 'incidents' }, active: ['incidents', 'incident'] },
  { label: 'Alerts', route: { page: 'alerts' }, active: ['alerts'] },
  { label: 'Approvals', route: { page: 'approvals' }, active: ['approvals'] },
  { label: 'Automation rules', route: { page: 'automation-rules' }, active: ['automation-rules'] },
  { label: 'Workflow automations', route: { page: 'automations' }, active: ['automations'] },
  { label: 'Playbooks', route: { page: 'playbooks' }, active: ['playbooks'] },
  { label: 'Connections', route: { page: 'connections' }, active: ['connections'] },
];

/** The console's header: the sections and a way to forget the key. */
export function NavBar({ route, onSignOut }: { route: ConsoleRoute; onSignOut: () => void }) {
  return (
    <header className="nav-bar">
      <span className="brand">Riposte</span>
      <nav>
        {sections.map((s) => (
          <a key={s.label} href={routeHref(s.route)} className={s.active.includes(route.page) ? 'active' : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
      <button type="button" className="link" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
