import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../ui/modal-dialog';

interface NameVersionDialogProps {
  /** Saves the story and keeps it as a version with this name (empty: unnamed). */
  onKeep: (name: string) => void;
  onClose: () => void;
}

/** Ctrl/⌘+Shift+S: keep the story as it is now as a version, with a name the history shows. */
export function NameVersionDialog({ onKeep, onClose }: NameVersionDialogProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [name, setName] = useState('');
  const keep = () => {
    onKeep(name.trim());
    onClose();
  };
  return (
    <ModalDialog
      title={t('history.nameVersionTitle')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('tools.cancel')}
          </button>
          <button type="button" className="button button--primary" onClick={keep}>
            {t('history.nameVersionKeep')}
          </button>
        </>
      }
    >
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          {t('history.nameVersionLabel')}
        </label>
        <input
          id={inputId}
          className="field__input"
          type="text"
          value={name}
          maxLength={120}
          autoFocus
          aria-describedby={hintId}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              keep();
            }
          }}
        />
        <p id={hintId} className="field__hint">
          {t('history.nameVersionHint')}
        </p>
      </div>
    </ModalDialog>
  );
}
