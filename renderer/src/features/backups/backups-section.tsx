import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../../shared/ipc/contract';
import type { Settings, SettingsPatch } from '../../../../shared/model';
import { api } from '../../api/client';
import { toUiLocale } from '../../i18n';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { formatDateTime } from '../../ui/format';
import './backups.css';

interface BackupsSectionProps {
  settings: Settings;
  /** Whether the library is open read-only here (held by another Masthead): nothing can be changed. */
  readOnly: boolean;
  onUpdate: (patch: SettingsPatch) => Promise<void>;
  /** Told after a restore replaced the library, so the views reload. */
  onRestored: (restoredStories: number) => void;
}

const KEEP_CHOICES = [3, 5, 10, 20, 50] as const;
const INTERVAL_CHOICES = [0, 1, 6, 12, 24, 72, 168] as const;

export const formatBytes = (bytes: number, locale: string): string => {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes >= 1_048_576) return `${number.format(bytes / 1_048_576)} MB`;
  return `${number.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
};

/** The library's backups in the settings dialog: list, back up now, restore, and the schedule. */
export function BackupsSection({ settings, readOnly, onUpdate, onRestored }: BackupsSectionProps) {
  const { t, i18n } = useTranslation();
  const locale = toUiLocale(i18n.language);
  const headingId = useId();
  const keepId = useId();
  const intervalId = useId();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [automaticError, setAutomaticError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);

  const load = useCallback(
    () =>
      api.listBackups().then(
        (list) => {
          setBackups(list.backups);
          setAutomaticError(list.automaticError);
        },
        (failure: unknown) => {
          setError(failure);
          setBackups([]);
        },
      ),
    [],
  );

  useEffect(() => {
    let live = true;
    api.listBackups().then(
      (list) => {
        if (!live) return;
        setBackups(list.backups);
        setAutomaticError(list.automaticError);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(failure);
        setBackups([]);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const backUpNow = async () => {
    setBusy('backup');
    setError(null);
    setStatus(null);
    try {
      const made = await api.createBackup();
      setStatus(t('backups.made', { name: made.name }));
      await load();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const restore = async (backup: BackupInfo) => {
    setConfirming(null);
    setBusy('restore');
    setError(null);
    setStatus(null);
    try {
      const { restoredStories } = await api.restoreBackup({ name: backup.name });
      setStatus(t('backups.restored', { count: restoredStories, date: formatDateTime(backup.created, locale) }));
      onRestored(restoredStories);
      await load();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const update = async (patch: SettingsPatch) => {
    try {
      await onUpdate(patch);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section className="backups" aria-labelledby={headingId}>
      <h3 id={headingId} className="backups__title">
        {t('backups.title')}
      </h3>
      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      {automaticError && <ErrorNotice error={new Error(automaticError)} summary={t('backups.automaticFailed')} />}
      <div className="backups__schedule">
        <div className="field">
          <label className="field__label" htmlFor={intervalId}>
            {t('backups.interval')}
          </label>
          <select
            id={intervalId}
            className="field__select"
            value={settings.backupIntervalHours}
            onChange={(e) => void update({ backupIntervalHours: Number(e.target.value) })}
          >
            {[...new Set<number>([...INTERVAL_CHOICES, settings.backupIntervalHours])]
              .sort((a, b) => a - b)
              .map((hours) => (
                <option key={hours} value={hours}>
                  {hours === 0 ? t('backups.intervalOff') : t('backups.intervalHours', { count: hours })}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={keepId}>
            {t('backups.keep')}
          </label>
          <select
            id={keepId}
            className="field__select"
            value={settings.backupKeep}
            onChange={(e) => void update({ backupKeep: Number(e.target.value) })}
          >
            {[...new Set<number>([...KEEP_CHOICES, settings.backupKeep])]
              .sort((a, b) => a - b)
              .map((keep) => (
                <option key={keep} value={keep}>
                  {t('backups.keepCount', { count: keep })}
                </option>
              ))}
          </select>
        </div>
      </div>
      <p className="field__hint">{t('backups.hint')}</p>
      <div className="backups__actions">
        <button type="button" className="button" disabled={busy !== null || readOnly} onClick={() => void backUpNow()}>
          {busy === 'backup' ? t('backups.working') : t('backups.backUpNow')}
        </button>
        <p className="backups__status" role="status">
          {busy === 'restore' ? t('backups.restoring') : status}
        </p>
      </div>
      {backups === null ? (
        <p className="backups__empty">{t('backups.loading')}</p>
      ) : backups.length === 0 ? (
        <p className="backups__empty">{t('backups.empty')}</p>
      ) : (
        <div className="backups__scroll">
          <table className="backups__table">
            <caption className="visually-hidden">{t('backups.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.date')}</th>
                <th scope="col">{t('backups.kind')}</th>
                <th scope="col" className="backups__number">
                  {t('backups.stories')}
                </th>
                <th scope="col" className="backups__number">
                  {t('backups.size')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('backups.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.name} title={backup.name}>
                  <td>
                    <time dateTime={backup.created}>{formatDateTime(backup.created, locale)}</time>
                  </td>
                  <td>{backup.automatic ? t('backups.automatic') : t('backups.manual')}</td>
                  <td className="backups__number">{backup.stories}</td>
                  <td className="backups__number">{formatBytes(backup.bytes, locale)}</td>
                  <td className="backups__row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy !== null || readOnly}
                      aria-label={t('backups.restoreFrom', { date: formatDateTime(backup.created, locale) })}
                      onClick={() => setConfirming(backup)}
                    >
                      {t('backups.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('backups.confirmTitle')}
          text={t('backups.confirmText', {
            date: formatDateTime(confirming.created, locale),
            count: confirming.stories,
          })}
          confirmLabel={t('backups.confirmRestore')}
          cancelLabel={t('backups.cancel')}
          danger
          onConfirm={() => void restore(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
