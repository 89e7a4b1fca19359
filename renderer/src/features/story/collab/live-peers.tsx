import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollabPeer } from '../../../../../shared/collab/collab-contract';
import type { LiveStory } from './live-story';

/** Who else has the story open, by name and caret colour; the toolbar shows it while the story is live. */
export function LivePeers({ live }: { live: LiveStory }) {
  const { t } = useTranslation();
  const [peers, setPeers] = useState<CollabPeer[]>([]);
  useEffect(() => live.onPeers(setPeers), [live]);
  const names = [...new Map(peers.map((peer) => [peer.user.name, peer.user])).values()];
  return (
    <div className="live-peers" role="status" aria-label={t('collab.peersLabel')} title={t('collab.liveHint')}>
      <span className="live-peers__badge">{t('collab.live')}</span>
      {names.length > 0 ? (
        <>
          <span>{t('collab.alsoHere')}</span>
          {names.map((user) => (
            <span
              key={user.name}
              className="live-peers__person"
              ref={(element) => element?.style.setProperty('--live-colour', user.color)}
            >
              <span className="live-peers__dot" aria-hidden="true" />
              {user.name}
            </span>
          ))}
        </>
      ) : (
        <span className="live-peers__none">{t('collab.nobodyElse')}</span>
      )}
    </div>
  );
}
