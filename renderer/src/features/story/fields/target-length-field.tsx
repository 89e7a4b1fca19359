import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage, TargetLength } from '../../../../../shared/model';
import { type LengthUnit, defaultLengthUnit } from '../measure/length-target';
import { unitLabel } from '../measure/length-units';
import { NumberField } from '../../../ui/number-field';

interface TargetLengthFieldProps {
  value: TargetLength | null;
  language: StoryLanguage;
  onChange: (value: TargetLength | null) => void;
}

/** The length the desk asked for; empty means no target. */
export function TargetLengthField({ value, language, onChange }: TargetLengthFieldProps) {
  const { t } = useTranslation();
  const unitId = useId();
  const unit: LengthUnit = value?.unit ?? defaultLengthUnit(language);
  return (
    <div className="target-length">
      <NumberField
        label={t('story.targetLength')}
        value={value?.value ?? null}
        min={1}
        max={100_000}
        allowEmpty
        onChange={(n) => onChange(n === null ? null : { unit, value: n })}
      />
      <div className="field">
        <label className="field__label" htmlFor={unitId}>
          {t('story.targetUnit')}
        </label>
        <select
          id={unitId}
          className="field__select"
          value={unit}
          disabled={!value}
          onChange={(e) => {
            const next = e.target.value === 'words' ? 'words' : 'chars';
            if (value) onChange({ ...value, unit: next });
          }}
        >
          <option value="chars">{unitLabel(t, 'chars', language)}</option>
          <option value="words">{unitLabel(t, 'words', language)}</option>
        </select>
      </div>
    </div>
  );
}
