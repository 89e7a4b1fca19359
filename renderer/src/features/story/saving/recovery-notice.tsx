import { useTranslation } from 'react-i18next';
import { toUiLocale } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';

interface RecoveryNoticeProps {
  /** 'applied': the changes are back in the editor; 'stale': the story moved on, the user decides. */
  kind: 'applied' | 'stale';
  at: string;
  onKeep: () => void;
  onDiscard: () => void;
  onDismiss: () => void;
}

/** Tells the user that text typed before a close or crash came back, or asks what to do with it. */
export function RecoveryNotice({ kind, at, onKeep, onDiscard, onDismiss }: RecoveryNoticeProps) {
  const { t, i18n } = useTranslation();
  const time = formatDateTime(at, toUiLocale(i18n.language));
  return (
    <div className={`notice notice--info recovery-notice recovery-notice--${kind}`} aria-live="polite">
      <div className="notice__text">
        <p className="notice__summary">
          {kind === 'applied' ? t('recovery.applied', { time }) : t('recovery.stale', { time })}
        </p>
        {kind === 'stale' && <p className="notice__details">{t('recovery.staleDetails')}</p>}
      </div>
      <div className="notice__actions">
        {kind === 'stale' ? (
          <>
            <button type="button" className="button button--primary" onClick={onKeep}>
              {t('recovery.keep')}
            </button>
            <button type="button" className="button" onClick={onDiscard}>
              {t('recovery.discard')}
            </button>
          </>
        ) : (
          <button type="button" className="button button--quiet" onClick={onDismiss}>
            {t('errors.dismiss')}
          </button>
        )}
      </div>
    </div>
  );
}
