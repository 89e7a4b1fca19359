import { useEffect, useRef, useState } from 'react';
import './presence.css';
import { api } from '../../api/client';
import { useNewsroomStatus } from '../newsroom/newsroom-store';

/** How a page is named in presence (docs/newsroom.md): `page:<editionId>:<pageId>`. */
export const pagePresenceId = (editionId: string, pageId: string): string => `page:${editionId}:${pageId}`;

/** How a block (placement) being worked on is named in presence: `block:<editionId>:<placementId>`. */
export const blockPresenceId = (editionId: string, placementId: string): string => `block:${editionId}:${placementId}`;

/**
 * With a newsroom: tells it which page of the edition this window has open (the others'
 * flatplans show it) and, on a page, the block selected there (the others' page layouts mark
 * it and refuse to move it), and returns who has what open. Without one: nothing is sent.
 *
 * A block someone else already holds is not claimed by selecting it here, so whoever selected
 * it first keeps it; it is claimed once selected again after they let go.
 */
export function usePagePresence(
  editionId: string,
  pageId: string | undefined,
  selectedBlock: string | null = null,
): Record<string, string[]> {
  const status = useNewsroomStatus();
  const active = status !== null && status.state !== 'off';
  const presence = status?.presence ?? {};
  const presenceRef = useRef(presence);
  // Read by the effect below only when the selection changes (declared first, so it runs first).
  useEffect(() => {
    presenceRef.current = presence;
  });
  const [claimed, setClaimed] = useState<string | null>(null);
  useEffect(() => {
    const free = selectedBlock !== null && !presenceRef.current[blockPresenceId(editionId, selectedBlock)]?.length;
    setClaimed(pageId && free ? selectedBlock : null);
  }, [editionId, pageId, selectedBlock]);
  useEffect(() => {
    if (!active) return;
    const ids = pageId ? [editionId, pagePresenceId(editionId, pageId)] : [editionId];
    if (pageId && claimed) ids.push(blockPresenceId(editionId, claimed));
    void api.newsroomSetOpen({ ids }).catch(() => undefined);
  }, [active, editionId, pageId, claimed]);
  return presence;
}
