import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useHashRoute } from '../../ui/use-hash-route';
import { useNewsroomStatus } from './newsroom-store';
import './newsroom.css';

interface NewsroomBadgeProps {
  onOpenSettings: () => void;
}

/**
 * The header's newsroom status: online, connecting, offline or signed out, and the changes
 * waiting to go out. Nothing at all in single-desk use. It also tells the newsroom which story
 * this window has open, for the others' "also open by".
 */
export function NewsroomBadge({ onOpenSettings }: NewsroomBadgeProps) {
  const { t } = useTranslation();
  const status = useNewsroomStatus();
  const [route] = useHashRoute();
  const active = status !== null && status.state !== 'off';
  const openId = route.view === 'story' || route.view === 'edition' ? route.id : null;

  useEffect(() => {
    if (!active) return;
    void api.newsroomSetOpen({ ids: openId ? [openId] : [] }).catch(() => undefined);
  }, [active, openId]);

  if (!status || status.state === 'off') return null;
  const state = t(`newsroom.state.${status.state}`);
  const waiting = status.changesWaiting > 0 ? t('newsroom.waiting', { count: status.changesWaiting }) : null;
  const label = waiting ? `${state} · ${waiting}` : state;
  return (
    <button
      type="button"
      className={`newsroom-badge newsroom-badge--${status.state}`}
      onClick={onOpenSettings}
      title={status.server ?? undefined}
      aria-label={t('newsroom.badgeLabel', { status: label })}
    >
      <span className="newsroom-badge__dot" aria-hidden="true" />
      <span role="status">{label}</span>
    </button>
  );
}
