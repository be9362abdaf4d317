// Routes live in the URL fragment (#/incidents/12) so the server serves one page for every view.

/** Where the console is. */
export type ConsoleRoute =
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  | { page: 'alerts'; alertId?: string }
  | { page: 'approvals' }
  | { page: 'automations' }
  | { page: 'automation-rules' }
  | { page: 'playbooks'; playbookId?: string; runId?: string }
  | { page: 'connections'; api?: string };

/** Reads a route from a location hash; anything unknown is the incident queue. */
export function parseRoute(hash: string): ConsoleRoute {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodePart);
  if (parts[0] === 'incidents' && parts[1]) return { page: 'incident', id: parts[1] };
  if (parts[0] === 'alerts') return { page: 'alerts', alertId: parts[1] };
  if (parts[0] === 'approvals') return { page: 'approvals' };
  if (parts[0] === 'automations') return { page: 'automations' };
  if (parts[0] === 'automation-rules') return { page: 'automation-rules' };
  if (parts[0] === 'connections') return { page: 'connections', api: parts[1] };
  if (parts[0] === 'playbooks') return { page: 'playbooks', playbookId: parts[1], runId: parts[3] };
  return { page: 'incidents' };
}

/** The link to a route. */
export function routeHref(route: ConsoleRoute): string {
  switch (route.page) {
    case 'incidents':
      return '#/incidents';
    case 'incident':
      return `#/incidents/${encodeURIComponent(route.id)}`;
    case 'alerts':
      return route.alertId ? `#/alerts/${encodeURIComponent(route.alertId)}` : '#/alerts';
    case 'approvals':
      return '#/approvals';
    case 'automations':
      return '#/automations';
    case 'automation-rules':
      return '#/automation-rules';
    case 'playbooks':
      if (!route.playbookId) return '#/playbooks';
      return `#/playbooks/${encodeURIComponent(route.playbookId)}${route.runId ? `/runs/${encodeURIComponent(route.runId)}` : ''}`;
    case 'connections':
      return route.api ? `#/connections/${encodeURIComponent(route.api)}` : '#/connections';
  }
}

/** A path segment as typed; a malformed escape (a stray %) is kept as it is rather than failing. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
