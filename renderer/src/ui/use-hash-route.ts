import { useCallback, useSyncExternalStore } from 'react';

export type Route =
  | { view: 'library' }
  | { view: 'story'; id: string }
  | { view: 'editions' }
  | { view: 'edition'; id: string; pageId?: string };

const decode = (part: string): string | null => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

/**
 * `#/story/<id>` opens a story, `#/editions` the editions, `#/edition/<id>` an edition's
 * flatplan and `#/edition/<id>/page/<pageId>` one of its pages; anything else is the library.
 * A reload keeps what is open.
 */
export function parseRoute(hash: string): Route {
  if (/^#\/editions\/?$/.test(hash)) return { view: 'editions' };
  const edition = /^#\/edition\/([^/?#]+)(?:\/page\/([^/?#]+))?\/?$/.exec(hash);
  if (edition?.[1]) {
    const id = decode(edition[1]);
    const pageId = edition[2] ? decode(edition[2]) : undefined;
    if (id === null || pageId === null) return { view: 'editions' };
    return pageId ? { view: 'edition', id, pageId } : { view: 'edition', id };
  }
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

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'story':
      return `#/story/${encodeURIComponent(route.id)}`;
    case 'editions':
      return '#/editions';
    case 'edition':
      return route.pageId
        ? `#/edition/${encodeURIComponent(route.id)}/page/${encodeURIComponent(route.pageId)}`
        : `#/edition/${encodeURIComponent(route.id)}`;
    default:
      return '#/';
  }
}

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
