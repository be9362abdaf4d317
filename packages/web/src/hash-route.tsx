import { useEffect, useState } from 'react';
import type { ConsoleRoute } from './console-route.ts';
import { parseRoute, routeHref } from './console-route.ts';

/** The current route; follows back/forward and link clicks. */
export function useHashRoute(): ConsoleRoute {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Goes to a route, as following a link to it would (back returns to where the analyst was). */
export function navigateTo(route: ConsoleRoute): void {
  window.location.hash = routeHref(route);
}
