import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error';

interface ErrorNoticeProps {
  error: unknown;
  /** Replaces the generic summary when the context says more (e.g. a save conflict). */
  summary?: string;
  onDismiss?: () => void;
  children?: ReactNode;
}

/** Every failure reaches the user through this: translated by code, with the host's details. */
export function ErrorNotice({ error, summary, onDismiss, children }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const described = describeError(t, error);
  return (
    <div className="notice notice--error" role="alert">
      <div className="notice__text">
        <p className="notice__summary">{summary ?? described.summary}</p>
        {described.details && <p className="notice__details">{described.details}</p>}
      </div>
      {(children || onDismiss) && (
        <div className="notice__actions">
          {children}
          {onDismiss && (
            <button type="button" className="button button--quiet" onClick={onDismiss}>
              {t('errors.dismiss')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
