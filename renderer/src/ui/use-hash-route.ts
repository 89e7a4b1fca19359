import { useCallback, useSyncExternalStore } from 'react';

export type Route = { view: 'library' } | { view: 'story'; id: string };

/** `#/story/<id>` opens a story, anything else is the library: a reload keeps the open story. */
export function parseRoute(hash: string): Route {
  const match = /^#\/story\/([^/?#]+)$/.exec(hash);
  if (match?.[1]) {
    try {
      return { view: 'story', id: decodeURIComponent(match[1]) };
    } catch {
      return { view: 'library' };
    }
  }
  return { view: 'library' };
}

export const routeHash = (route: Route): string =>
  route.view === 'story' ? `#/story/${encodeURIComponent(route.id)}` : '#/';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const getHash = () => window.location.hash;

export function useHashRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback((route: Route) => {
    const next = routeHash(route);
    if (window.location.hash !== next) window.location.hash = next;
  }, []);
  return [parseRoute(hash), navigate];
}
