import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type FitBlock, type StoryLanguage, builtInTemplates, findTemplate } from '../../../../../shared/model';
import { NumberField } from '../../../ui/number-field';
import { templateLabel } from '../measure/template-label';

interface FitBlockFieldsProps {
  value: FitBlock | null;
  language: StoryLanguage;
  onChange: (value: FitBlock | null) => void;
}

/** A starting block when a template is first chosen: a common single-story depth. */
const DEFAULT_BLOCK = { columns: 3, lines: 60 };

/** The block the desk gave the story: a page template and N columns × L lines. */
export function FitBlockFields({ value, language, onChange }: FitBlockFieldsProps) {
  const { t, i18n } = useTranslation();
  const templateId = useId();
  const template = value ? findTemplate(value.templateId) : undefined;
  // The story's own language first: a Chinese story is set on a Chinese grid.
  const templates = [...builtInTemplates].sort(
    (a, b) =>
      Number(b.id.startsWith(language === 'zh-Hans' ? 'zh' : 'en')) -
      Number(a.id.startsWith(language === 'zh-Hans' ? 'zh' : 'en')),
  );
  return (
    <fieldset className="meta-section fit-fields">
      <legend className="meta-section__title">{t('copyfit.fieldsTitle')}</legend>
      <div className="field">
        <label className="field__label" htmlFor={templateId}>
          {t('copyfit.template')}
        </label>
        <select
          id={templateId}
          className="field__select"
          value={value?.templateId ?? ''}
          onChange={(e) => {
            const id = e.target.value;
            if (!id) onChange(null);
            else onChange({ ...(value ?? DEFAULT_BLOCK), templateId: id });
          }}
        >
          <option value="">{t('copyfit.noTemplate')}</option>
          {templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {templateLabel(tpl, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      {value && (
        <div className="fit-fields__size">
          <NumberField
            label={t('copyfit.columns')}
            value={value.columns}
            min={1}
            max={template?.columns ?? 20}
            onChange={(columns) => columns !== null && onChange({ ...value, columns })}
          />
          <NumberField
            label={t('copyfit.lines')}
            value={value.lines}
            min={1}
            max={2000}
            onChange={(lines) => lines !== null && onChange({ ...value, lines })}
          />
        </div>
      )}
    </fieldset>
  );
}
