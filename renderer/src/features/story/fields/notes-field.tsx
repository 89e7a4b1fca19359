import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTES_MAX_LENGTH } from './editable-fields';

/** Notes for the desk: kept with the story, never printed and never exported. */
export function NotesField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = useId();
  return (
    <div className="field field--notes">
      <label className="field__label" htmlFor={id}>
        {t('story.notes')}
      </label>
      <textarea
        id={id}
        className="field__input field__input--notes"
        value={value}
        maxLength={NOTES_MAX_LENGTH}
        rows={3}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={hintId} className="field__hint">
        {t('story.notesHint')}
      </p>
    </div>
  );
}
