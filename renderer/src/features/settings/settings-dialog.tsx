import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../shared/ipc/contract';
import type { Settings, SettingsPatch } from '../../../../shared/model';
import { ErrorNotice } from '../../ui/error-notice';
import { BackupsSection } from '../backups/backups-section';
import { WordStylesSection } from './word-styles-section';
import { NewsroomSection } from '../newsroom/newsroom-section';
import { ProofingListsSection } from '../proofing/proofing-lists-section';
import { ModalDialog } from '../../ui/modal-dialog';
import './settings.css';

interface SettingsDialogProps {
  settings: Settings;
  appInfo: AppInfo;
  /** Applies the change at once and persists it; rejects if the host refused it. */
  onUpdate: (patch: SettingsPatch) => Promise<void>;
  onClose: () => void;
  /** Where a failure goes once the dialog is closed and cannot show it itself. */
  reportError: (error: unknown) => void;
  /** Told after a backup was restored: the library changed under every view. */
  onRestored?: (restoredStories: number) => void;
}

const uiLanguageChoices = ['system', 'zh-CN', 'en'] as const satisfies readonly Settings['uiLanguage'][];

export function SettingsDialog({ settings, appInfo, onUpdate, onClose, reportError, onRestored }: SettingsDialogProps) {
  const { t } = useTranslation();
  const languageId = useId();
  const authorId = useId();
  const authorHintId = useId();
  const typographyHintId = useId();
  const [author, setAuthor] = useState(settings.authorName);
  const [error, setError] = useState<unknown>(null);
  const committedAuthor = useRef(settings.authorName);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const update = async (patch: SettingsPatch) => {
    try {
      await onUpdate(patch);
      setError(null);
    } catch (failure) {
      if (mounted.current) setError(failure);
      else reportError(failure);
    }
  };

  const commitAuthor = async () => {
    const name = author.trim();
    if (name === committedAuthor.current) return;
    committedAuthor.current = name;
    await update({ authorName: name });
  };

  const close = () => {
    // The name is committed on blur, but Escape closes without a blur: catch that here.
    void commitAuthor();
    onClose();
  };

  const labels: Record<(typeof uiLanguageChoices)[number], string> = {
    system: t('settings.followSystem'),
    'zh-CN': t('settings.chinese'),
    en: t('settings.english'),
  };

  return (
    <ModalDialog
      title={t('settings.title')}
      onClose={close}
      className="modal--settings"
      footer={
        <button type="button" className="button button--primary" onClick={close}>
          {t('settings.close')}
        </button>
      }
    >
      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      <div className="field">
        <label className="field__label" htmlFor={languageId}>
          {t('settings.uiLanguage')}
        </label>
        <select
          id={languageId}
          className="field__select"
          value={settings.uiLanguage}
          onChange={(e) => {
            const choice = uiLanguageChoices.find((c) => c === e.target.value);
            if (choice) void update({ uiLanguage: choice });
          }}
        >
          {uiLanguageChoices.map((choice) => (
            <option
              key={choice}
              value={choice}
              lang={choice === 'zh-CN' ? 'zh-CN' : choice === 'en' ? 'en' : undefined}
            >
              {labels[choice]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={authorId}>
          {t('settings.authorName')}
        </label>
        <input
          id={authorId}
          className="field__input"
          type="text"
          value={author}
          maxLength={120}
          autoComplete="name"
          aria-describedby={authorHintId}
          onChange={(e) => setAuthor(e.target.value)}
          onBlur={() => void commitAuthor()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commitAuthor();
          }}
        />
        <p id={authorHintId} className="field__hint">
          {t('settings.authorHint')}
        </p>
      </div>
      <div className="field">
        <label className="tools-dialog__check">
          <input
            type="checkbox"
            checked={settings.smartTypography}
            aria-describedby={typographyHintId}
            onChange={(e) => void update({ smartTypography: e.target.checked })}
          />
          {t('settings.smartTypography')}
        </label>
        <p id={typographyHintId} className="field__hint">
          {t('settings.smartTypographyHint')}
        </p>
      </div>
      <div className="field">
        <span className="field__label">{t('settings.libraryPath')}</span>
        <p className="settings__path">
          <code>{appInfo.libraryPath}</code>
        </p>
      </div>
      <NewsroomSection />
      <WordStylesSection styles={settings.wordStyles} onUpdate={update} />
      <ProofingListsSection />
      <BackupsSection
        settings={settings}
        readOnly={appInfo.readOnly !== null}
        onUpdate={onUpdate}
        onRestored={(count) => onRestored?.(count)}
      />
    </ModalDialog>
  );
}
