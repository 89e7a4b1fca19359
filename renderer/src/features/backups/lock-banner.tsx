import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../shared/ipc/contract';
import { toUiLocale } from '../../i18n';
import { formatDateTime } from '../../ui/format';

interface LockBannerProps {
  appInfo: AppInfo;
}

/**
 * Says when the library is read-only here, for as long as the app runs (it cannot be
 * dismissed): held by another running Masthead, or opened read-only because the disk is full
 * or not writable; or when a crashed Masthead's lock was taken over.
 */
export function LockBanner({ appInfo }: LockBannerProps) {
  const { t, i18n } = useTranslation();
  const [recoveredDismissed, setRecoveredDismissed] = useState(false);
  const locale = toUiLocale(i18n.language);
  const { readOnly, recoveredLock } = appInfo;
  if (readOnly) {
    return (
      <div className="notice lock-banner lock-banner--read-only" role="alert">
        <p className="notice__text">
          <strong className="lock-banner__badge">{t('lock.readOnlyTitle')}</strong>{' '}
          {'reason' in readOnly
            ? // The disk refused opening's writes: why, and what to do, in the user's language.
              t(readOnly.reason === 'disk-full' ? 'lock.diskFull' : 'lock.notWritable', { path: appInfo.libraryPath })
            : t('lock.readOnly', {
                host: readOnly.host,
                by: readOnly.by,
                since: formatDateTime(readOnly.since, locale),
              })}
        </p>
      </div>
    );
  }
  if (recoveredLock && !recoveredDismissed) {
    return (
      <div className="notice lock-banner" role="status">
        <p className="notice__text">
          {t('lock.recovered', {
            host: recoveredLock.host,
            by: recoveredLock.by,
            since: formatDateTime(recoveredLock.since, locale),
          })}
        </p>
        <div className="notice__actions">
          <button type="button" className="button button--quiet" onClick={() => setRecoveredDismissed(true)}>
            {t('lock.dismiss')}
          </button>
        </div>
      </div>
    );
  }
  return null;
}
