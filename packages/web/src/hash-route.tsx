import { useEffect, useState } from 'react';
import type { ConsoleRoute } from './console-route.ts';
import { parseRoute } from './console-route.ts';

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
