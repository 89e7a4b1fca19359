import { useTranslation } from 'react-i18next';
import type { SaveState } from './save-queue';

/** A polite live region, so a screen reader hears "Saved" without losing its place. */
export function SaveIndicator({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  return (
    <span className={`save-indicator save-indicator--${state.phase}`} role="status">
      {t(`save.${state.phase}`)}
    </span>
  );
}
