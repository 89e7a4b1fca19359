import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type TemplateProblem,
  templateMetrics,
  validateTemplate,
  withDerivedCharsPerLine,
} from '../../../../shared/layout/grid';
import type { PageTemplate } from '../../../../shared/model/edition';
import { ModalDialog } from '../../ui/modal-dialog';
import { newId } from './edition-ops';

interface TemplateDialogProps {
  /** The template the form starts from (the one chosen beside it). */
  base: PageTemplate;
  onClose: () => void;
  onSave: (template: PageTemplate) => void;
}

/** Body faces on every workstation (Debian's fonts-noto-cjk and fonts-noto-core). */
const FONTS = ['Noto Serif CJK SC', 'Noto Sans CJK SC', 'Noto Serif', 'Noto Sans'];

type NumberField =
  | 'widthMm'
  | 'heightMm'
  | 'topMm'
  | 'rightMm'
  | 'bottomMm'
  | 'leftMm'
  | 'columns'
  | 'gutterMm'
  | 'bodySizePt'
  | 'leadingPt';

const fieldsOf = (t: PageTemplate): Record<NumberField, string> => ({
  widthMm: String(t.paper.widthMm),
  heightMm: String(t.paper.heightMm),
  topMm: String(t.margins.topMm),
  rightMm: String(t.margins.rightMm),
  bottomMm: String(t.margins.bottomMm),
  leftMm: String(t.margins.leftMm),
  columns: String(t.columns),
  gutterMm: String(t.gutterMm),
  bodySizePt: String(t.bodySizePt),
  leadingPt: String(t.leadingPt),
});

/**
 * A custom page template: paper, margins, columns, gutter, body face, size and leading. The
 * characters per column line follow from them, whole, and are shown as the desk types, with
 * what makes a grid impossible.
 */
export function TemplateDialog({ base, onClose, onSave }: TemplateDialogProps) {
  const { t } = useTranslation();
  const formId = useId();
  const [name, setName] = useState(t('edition.templateDialog.defaultName', { name: base.name }));
  const [font, setFont] = useState(base.bodyFont);
  const [values, setValues] = useState(() => fieldsOf(base));

  const template = useMemo((): PageTemplate | null => {
    const n = (field: NumberField) => Number(values[field]);
    if (Object.values(values).some((v) => v.trim() === '' || !Number.isFinite(Number(v)))) return null;
    if (n('widthMm') <= 0 || n('heightMm') <= 0 || n('bodySizePt') <= 0 || n('leadingPt') <= 0) return null;
    if (!Number.isInteger(n('columns')) || n('columns') < 1 || n('columns') > 20) return null;
    return withDerivedCharsPerLine({
      id: base.id,
      name: name.trim() || base.name,
      paper: { widthMm: n('widthMm'), heightMm: n('heightMm') },
      margins: { topMm: n('topMm'), rightMm: n('rightMm'), bottomMm: n('bottomMm'), leftMm: n('leftMm') },
      columns: n('columns'),
      gutterMm: n('gutterMm'),
      bodyFont: font,
      bodySizePt: n('bodySizePt'),
      leadingPt: n('leadingPt'),
      charsPerLine: 1,
    });
  }, [values, font, name, base]);

  const problems: TemplateProblem[] = template ? validateTemplate(template) : [];
  const metrics = template && !problems.includes('margins-exceed-paper') ? templateMetrics(template) : null;
  const usable = template !== null && problems.length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!template || !usable) return;
    onSave({ ...template, id: newId('tpl') });
  };

  const number = (field: NumberField, step = '0.5') => (
    <label className="field" key={field}>
      <span className="field__label">{t(`edition.templateDialog.${field}`)}</span>
      <input
        className="field__input"
        type="number"
        inputMode="decimal"
        step={step}
        min={0}
        value={values[field]}
        onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
      />
    </label>
  );

  return (
    <ModalDialog
      title={t('edition.templateDialog.title')}
      onClose={onClose}
      className="modal--template"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('story.cancel')}
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={!usable}>
            {t('edition.templateDialog.save')}
          </button>
        </>
      }
    >
      <form id={formId} className="edition-form template-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('edition.templateDialog.name')}</span>
          <input className="field__input" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.paper')}</legend>
          {number('widthMm')}
          {number('heightMm')}
        </fieldset>
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.margins')}</legend>
          {number('topMm')}
          {number('rightMm')}
          {number('bottomMm')}
          {number('leftMm')}
        </fieldset>
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.grid')}</legend>
          {number('columns', '1')}
          {number('gutterMm')}
        </fieldset>
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.type')}</legend>
          <label className="field">
            <span className="field__label">{t('edition.templateDialog.bodyFont')}</span>
            <select className="field__select" value={font} onChange={(e) => setFont(e.target.value)}>
              {[...new Set([font, ...FONTS])].map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          {number('bodySizePt', '0.25')}
          {number('leadingPt', '0.25')}
        </fieldset>
        <p className="template-form__derived" role="status">
          {metrics
            ? t(
                metrics.script === 'cjk' ? 'edition.templateDialog.derivedCjk' : 'edition.templateDialog.derivedLatin',
                {
                  chars: metrics.charsPerLine,
                  column: metrics.columnWidthMm.toFixed(1),
                  lines: metrics.linesPerColumn,
                },
              )
            : t('edition.templateDialog.incomplete')}
        </p>
        {problems.length > 0 && (
          <ul className="template-form__problems">
            {problems.map((p) => (
              <li key={p}>{t(`edition.templateDialog.problems.${p}`)}</li>
            ))}
          </ul>
        )}
      </form>
    </ModalDialog>
  );
}
