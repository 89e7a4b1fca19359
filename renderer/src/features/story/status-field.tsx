import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { StoryStatus } from '../../../../shared/model';

export function StatusField({ value, onChange }: { value: StoryStatus; onChange: (value: StoryStatus) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field field--status">
      <label className="field__label" htmlFor={id}>
        {t('story.status')}
      </label>
      <select
        id={id}
        className={`field__select status-select status-select--${value}`}
        value={value}
        onChange={(e) => {
          const parsed = StoryStatus.safeParse(e.target.value);
          if (parsed.success) onChange(parsed.data);
        }}
      >
        {StoryStatus.options.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
