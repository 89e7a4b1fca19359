import type { Editor } from '@tiptap/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage } from '../../../../shared/model';
import { type PunctuationFix, applyFixes, findPunctuationFixes } from '../../../../shared/text/normalise';
import { ModalDialog } from '../../ui/modal-dialog';
import { type HeadlineField, type HeadlineFields, HEADLINE_FIELDS } from './headline-fields';
import { type DocFix, applyDocFixes, contextOf, findDocFixes } from './normalise-doc';

interface NormaliseDialogProps {
  editor: Editor;
  language: StoryLanguage;
  /** The headline group, when the story view lets the tools change it. */
  headlines: HeadlineFields | null;
  onClose: () => void;
}

type Place = 'body' | HeadlineField;

interface ReviewItem {
  id: string;
  place: Place;
  fix: PunctuationFix;
  before: string;
  after: string;
  /** Set for body fixes only. */
  docFix?: DocFix;
}

function collect(editor: Editor, language: StoryLanguage, headlines: HeadlineFields | null): ReviewItem[] {
  const items: ReviewItem[] = [];
  if (headlines) {
    const values = headlines.read();
    for (const field of HEADLINE_FIELDS) {
      const text = values[field];
      for (const fix of findPunctuationFixes(text, language)) {
        items.push({ id: `${field}:${fix.start}`, place: field, fix, ...contextOf(text, fix.start, fix.end) });
      }
    }
  }
  for (const docFix of findDocFixes(editor.state.doc, language)) {
    items.push({ id: docFix.id, place: 'body', fix: docFix.fix, before: docFix.before, after: docFix.after, docFix });
  }
  return items;
}

/**
 * "Normalise punctuation": every proposed change listed with its context, all ticked; the
 * editor unticks what should stay and applies the rest. The body changes in one transaction,
 * so one undo takes it all back.
 */
export function NormaliseDialog({ editor, language, headlines, onClose }: NormaliseDialogProps) {
  const { t } = useTranslation();
  // Read once: the dialog is modal, so the text cannot change under the review.
  const [items] = useState(() => collect(editor, language, headlines));
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(() => new Set());
  const chosen = useMemo(() => items.filter((item) => !unchecked.has(item.id)), [items, unchecked]);

  const toggle = (id: string) =>
    setUnchecked((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const apply = () => {
    const docFixes = chosen.flatMap((item) => (item.docFix ? [item.docFix] : []));
    if (docFixes.length && !editor.isDestroyed) {
      const tr = editor.state.tr;
      if (applyDocFixes(tr, docFixes)) editor.view.dispatch(tr);
    }
    if (headlines) {
      const values = headlines.read();
      for (const field of HEADLINE_FIELDS) {
        const fixes = chosen.filter((item) => item.place === field).map((item) => item.fix);
        if (fixes.length) headlines.set(field, applyFixes(values[field], fixes));
      }
    }
    onClose();
  };

  const footer = (
    <>
      <button type="button" className="button" onClick={onClose}>
        {t('tools.cancel')}
      </button>
      {items.length > 0 && (
        <button type="button" className="button button--primary" disabled={!chosen.length} onClick={apply}>
          {t('tools.applyChanges', { count: chosen.length })}
        </button>
      )}
    </>
  );

  return (
    <ModalDialog title={t('tools.normaliseTitle')} onClose={onClose} footer={footer} className="tools-dialog">
      {items.length === 0 ? (
        <p>{t('tools.normaliseNothing')}</p>
      ) : (
        <>
          <div className="tools-dialog__summary">
            <p>{t('tools.normaliseIntro', { count: items.length })}</p>
            <div className="button-group">
              <button type="button" className="button button--small" onClick={() => setUnchecked(new Set())}>
                {t('tools.selectAll')}
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => setUnchecked(new Set(items.map((i) => i.id)))}
              >
                {t('tools.selectNone')}
              </button>
            </div>
          </div>
          <ul className="fix-list" aria-label={t('tools.changes')}>
            {items.map((item) => (
              <li key={item.id} className="fix-list__item">
                <label className="fix-list__label">
                  <input type="checkbox" checked={!unchecked.has(item.id)} onChange={() => toggle(item.id)} />
                  <span className="fix-list__place">
                    {t(`tools.places.${item.place}`)} · {t(`tools.rules.${item.fix.rule}`)}
                  </span>
                  <span className="fix-list__change" lang={language}>
                    <span className="fix-list__text">
                      {item.before}
                      <del className="fix-list__mark">{item.fix.from}</del>
                      {item.after}
                    </span>
                    <span className="fix-list__arrow" aria-label={t('tools.becomes')}>
                      →
                    </span>
                    <span className="fix-list__text">
                      {item.before}
                      <ins className="fix-list__mark">{item.fix.to}</ins>
                      {item.after}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </ModalDialog>
  );
}
