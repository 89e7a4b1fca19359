import { useEffect } from 'react';
import './presence.css';
import { api } from '../../api/client';
import { useNewsroomStatus } from '../newsroom/newsroom-store';

/** How a page is named in presence (docs/newsroom.md): `page:<editionId>:<pageId>`. */
export const pagePresenceId = (editionId: string, pageId: string): string => `page:${editionId}:${pageId}`;

/**
 * With a newsroom: tells it which page of the edition this window has open (the others'
 * flatplans show it), and returns who has what open. Without one: nothing is sent.
 */
export function usePagePresence(editionId: string, pageId: string | undefined): Record<string, string[]> {
  const status = useNewsroomStatus();
  const active = status !== null && status.state !== 'off';
  useEffect(() => {
    if (!active) return;
    const ids = pageId ? [editionId, pagePresenceId(editionId, pageId)] : [editionId];
    void api.newsroomSetOpen({ ids }).catch(() => undefined);
  }, [active, editionId, pageId]);
  return status?.presence ?? {};
}
