import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type TemplateProblem,
  templateMetrics,
  validateTemplate,
  withDerivedCharsPerLine,
} from '../../../../shared/layout/grid';
import type { PageTemplate } from '../../../../shared/model/edition';
import { MAX_PHOTO_BYTES } from '../../../../shared/limits';
import { api } from '../../api/client';
import { ModalDialog } from '../../ui/modal-dialog';
import { useAssetBaseUrl } from '../../ui/use-asset-base-url';
import { newId } from './edition-ops';
import { ARTWORK_ACCEPT, type ArtworkProblem, storeArtwork } from './masthead-artwork';
import './template-dialog.css';

interface TemplateDialogProps {
  /** The template the form starts from (the one chosen beside it). */
  base: PageTemplate;
  /** Change `base` itself (one of the edition's own templates) instead of adding a new one from it. */
  editing?: boolean;
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
  | 'leadingPt'
  | 'bleedMm'
  | 'ruleWeightPt';

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
  bleedMm: String(t.bleedMm ?? 3),
  ruleWeightPt: String(t.ruleWeightPt ?? 0.5),
});

type RuleStyle = NonNullable<PageTemplate['ruleStyle']>;
const RULE_STYLES: RuleStyle[] = ['plain', 'wave', 'dot-dash'];

/** What the print and front-page settings allow, beyond the grid (shared/model/edition.ts). */
type SettingProblem = 'bleed' | 'rule-weight' | 'masthead-margin' | 'name-length';
/** Below this top margin the masthead area (name, date line, 报眼) has no room. */
const MASTHEAD_MIN_TOP_MM = 40;

/**
 * A custom page template: paper, margins, columns, gutter, body face, size and leading. The
 * characters per column line follow from them, whole, and are shown as the desk types, with
 * what makes a grid impossible. Then what print and the front page take: bleed, hanging
 * punctuation, rules between stories (plain or 花线, and their weight), and the masthead area —
 * the paper's name as set type or as artwork (stored in the library), weekday and lunar date.
 */
export function TemplateDialog({ base, editing = false, onClose, onSave }: TemplateDialogProps) {
  const { t } = useTranslation();
  const formId = useId();
  const [name, setName] = useState(editing ? base.name : t('edition.templateDialog.defaultName', { name: base.name }));
  const [font, setFont] = useState(base.bodyFont);
  const [values, setValues] = useState(() => fieldsOf(base));
  const [hanging, setHanging] = useState(base.hangingPunctuation !== false);
  const [columnRules, setColumnRules] = useState(Boolean(base.columnRules));
  const [ruleStyle, setRuleStyle] = useState<RuleStyle>(base.ruleStyle ?? 'plain');
  const [front, setFront] = useState(Boolean(base.masthead));
  const [nameText, setNameText] = useState(base.masthead?.nameText ?? '');
  const [lunarDate, setLunarDate] = useState(Boolean(base.masthead?.lunarDate));
  const [weekday, setWeekday] = useState(base.masthead?.weekday !== false);
  const [artwork, setArtwork] = useState(base.masthead?.artwork ?? null);
  const [artworkState, setArtworkState] = useState<
    { busy: true } | { problem: ArtworkProblem; name: string; reason?: string } | null
  >(null);
  const assetBase = useAssetBaseUrl();
  const numberFields: NumberField[] = [
    'widthMm',
    'heightMm',
    'topMm',
    'rightMm',
    'bottomMm',
    'leftMm',
    'columns',
    'gutterMm',
    'bodySizePt',
    'leadingPt',
  ];

  const template = useMemo((): PageTemplate | null => {
    const n = (field: NumberField) => Number(values[field]);
    if (numberFields.some((f) => values[f].trim() === '' || !Number.isFinite(Number(values[f])))) return null;
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
      ...(base.headlineStyles ? { headlineStyles: base.headlineStyles } : {}),
      bleedMm: n('bleedMm'),
      hangingPunctuation: hanging,
      columnRules,
      ruleStyle,
      ruleWeightPt: n('ruleWeightPt'),
      ...(front
        ? {
            masthead: {
              ...(nameText.trim() ? { nameText: nameText.trim() } : {}),
              lunarDate,
              weekday,
              ...(artwork ? { artwork } : {}),
            },
          }
        : {}),
    });
    // numberFields is a constant list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, font, name, base, hanging, columnRules, ruleStyle, front, nameText, lunarDate, weekday, artwork]);

  const settingProblems: SettingProblem[] = [];
  const bleed = Number(values.bleedMm);
  if (values.bleedMm.trim() === '' || !(bleed >= 0 && bleed <= 20)) settingProblems.push('bleed');
  const weight = Number(values.ruleWeightPt);
  if (values.ruleWeightPt.trim() === '' || !(weight >= 0.1 && weight <= 4)) settingProblems.push('rule-weight');
  if (front && Number(values.topMm) < MASTHEAD_MIN_TOP_MM) settingProblems.push('masthead-margin');
  // As the schema counts it (UTF-16 units: a rare character of Extension B counts twice).
  if (front && nameText.trim().length > 40) settingProblems.push('name-length');
  const problems: (TemplateProblem | SettingProblem)[] = [
    ...(template ? validateTemplate(template) : []),
    ...settingProblems,
  ];
  const metrics = template && !problems.includes('margins-exceed-paper') ? templateMetrics(template) : null;
  const usable = template !== null && problems.length === 0 && !(artworkState && 'busy' in artworkState);

  const chooseArtwork = async (file: File | undefined) => {
    if (!file) return;
    setArtworkState({ busy: true });
    const result = await storeArtwork(file, api.importAsset);
    if ('artwork' in result) {
      setArtwork(result.artwork);
      setArtworkState(null);
    } else setArtworkState({ problem: result.problem, name: file.name, reason: result.reason });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!template || !usable) return;
    // Edited, it keeps its id: every page set on it follows.
    onSave({ ...template, id: editing ? base.id : newId('tpl') });
  };

  const number = (field: NumberField, step = '0.5', limits: { min?: number; max?: number } = {}) => (
    <label className="field" key={field}>
      <span className="field__label">{t(`edition.templateDialog.${field}`)}</span>
      <input
        className="field__input"
        type="number"
        inputMode="decimal"
        step={step}
        min={limits.min ?? 0}
        max={limits.max}
        value={values[field]}
        onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
      />
    </label>
  );

  const toggle = (label: string, checked: boolean, set: (value: boolean) => void, disabled = false) => (
    <label className="template-form__check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => set(e.target.checked)} />
      <span>{label}</span>
    </label>
  );

  return (
    <ModalDialog
      title={t(editing ? 'edition.templateDialog.editTitle' : 'edition.templateDialog.title')}
      onClose={onClose}
      className="modal--template"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('story.cancel')}
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={!usable}>
            {t(editing ? 'edition.templateDialog.saveEdit' : 'edition.templateDialog.save')}
          </button>
        </>
      }
    >
      <form id={formId} className="edition-form template-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('edition.templateDialog.name')}</span>
          <input
            className="field__input"
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
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
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.print')}</legend>
          {number('bleedMm', '0.5', { max: 20 })}
          {toggle(t('edition.templateDialog.hangingPunctuation'), hanging, setHanging)}
        </fieldset>
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.rules')}</legend>
          {toggle(t('edition.templateDialog.columnRules'), columnRules, setColumnRules)}
          <label className="field">
            <span className="field__label">{t('edition.templateDialog.ruleStyle')}</span>
            <select
              className="field__select"
              value={ruleStyle}
              disabled={!columnRules}
              onChange={(e) => setRuleStyle(e.target.value as RuleStyle)}
            >
              {RULE_STYLES.map((style) => (
                <option key={style} value={style}>
                  {t(`edition.templateDialog.ruleStyles.${style}`)}
                </option>
              ))}
            </select>
          </label>
          {number('ruleWeightPt', '0.05', { min: 0.1, max: 4 })}
        </fieldset>
        <fieldset className="template-form__group">
          <legend>{t('edition.templateDialog.front')}</legend>
          {toggle(t('edition.templateDialog.masthead'), front, setFront)}
          {front && (
            <>
              <label className="field template-form__wide">
                <span className="field__label">{t('edition.templateDialog.nameText')}</span>
                <input
                  className="field__input"
                  value={nameText}
                  placeholder={t('edition.templateDialog.namePlaceholder')}
                  onChange={(e) => setNameText(e.target.value)}
                />
              </label>
              {toggle(t('edition.templateDialog.weekday'), weekday, setWeekday)}
              {toggle(t('edition.templateDialog.lunarDate'), lunarDate, setLunarDate)}
              <div className="template-form__artwork template-form__wide">
                <label className="field">
                  <span className="field__label">{t('edition.templateDialog.artwork')}</span>
                  <input
                    className="field__input"
                    type="file"
                    accept={ARTWORK_ACCEPT}
                    onChange={(e) => {
                      void chooseArtwork(e.target.files?.[0]);
                      e.target.value = '';
                    }}
                  />
                </label>
                {artwork && (
                  <div className="template-form__artwork-chosen">
                    {assetBase && (
                      <img
                        className="template-form__artwork-preview"
                        src={`${assetBase}${encodeURIComponent(artwork.asset)}`}
                        alt={t('edition.templateDialog.artworkPreview')}
                      />
                    )}
                    <span>
                      {t('edition.templateDialog.artworkChosen', {
                        width: Math.round(artwork.width),
                        height: Math.round(artwork.height),
                      })}
                    </span>
                    <button type="button" className="button" onClick={() => setArtwork(null)}>
                      {t('edition.templateDialog.removeArtwork')}
                    </button>
                  </div>
                )}
                {artworkState && 'busy' in artworkState && (
                  <p role="status">{t('edition.templateDialog.artworkUploading')}</p>
                )}
                {artworkState && 'problem' in artworkState && (
                  <p className="template-form__artwork-problem" role="alert">
                    {t(`edition.templateDialog.artworkErrors.${artworkState.problem}`, {
                      name: artworkState.name,
                      limit: MAX_PHOTO_BYTES / 1048576,
                      reason: artworkState.reason ?? '',
                    })}
                  </p>
                )}
              </div>
            </>
          )}
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
