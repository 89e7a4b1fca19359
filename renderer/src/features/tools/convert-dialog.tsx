import type { Editor } from '@tiptap/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../ui/modal-dialog';
import {
  type Convert,
  type DocConversion,
  SCRIPT_TARGETS,
  type ScriptTarget,
  applyDocConversion,
  changedCharacters,
  loadConverter,
  planDocConversion,
  textEdits,
} from './convert-script';
import { type HeadlineFields, TEXT_FIELDS, type TextField } from './headline-fields';

interface ConvertDialogProps {
  editor: Editor;
  headlines: HeadlineFields | null;
  initialTarget: ScriptTarget;
  onClose: () => void;
}

interface Plan {
  target: ScriptTarget;
  body: DocConversion;
  fields: Partial<Record<TextField, string>>;
  fieldChanges: number;
  /** The first field that changes, before and after, for the preview when the body has none. */
  fieldSample: { before: string; after: string } | null;
}

/** The last outcome of loading a converter; it is for the target chosen only when its target matches. */
type Loaded = { phase: 'ready'; target: ScriptTarget; plan: Plan } | { phase: 'failed'; target: ScriptTarget } | null;

function plan(target: ScriptTarget, convert: Convert, editor: Editor, headlines: HeadlineFields | null): Plan {
  const fields: Plan['fields'] = {};
  let fieldChanges = 0;
  let fieldSample: Plan['fieldSample'] = null;
  if (headlines) {
    const values = headlines.read();
    for (const field of TEXT_FIELDS) {
      const converted = convert(values[field]);
      if (converted === values[field]) continue;
      fields[field] = converted;
      fieldSample ??= { before: values[field], after: converted };
      fieldChanges += changedCharacters(values[field], textEdits(values[field], converted));
    }
  }
  return { target, body: planDocConversion(editor.state.doc, convert), fields, fieldChanges, fieldSample };
}

const SAMPLE_CHARS = 60;
const clip = (text: string) => (text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text);

/** Simplified ↔ traditional: pick the target, see how much changes, convert in one step. */
export function ConvertDialog({ editor, headlines, initialTarget, onClose }: ConvertDialogProps) {
  const { t } = useTranslation();
  const targetId = useId();
  const [target, setTarget] = useState(initialTarget);
  const [includeHeadlines, setIncludeHeadlines] = useState(headlines !== null);
  const [loaded, setLoaded] = useState<Loaded>(null);

  useEffect(() => {
    let live = true;
    loadConverter(target).then(
      (convert) => {
        if (live) setLoaded({ phase: 'ready', target, plan: plan(target, convert, editor, headlines) });
      },
      () => {
        if (live) setLoaded({ phase: 'failed', target });
      },
    );
    return () => {
      live = false;
    };
  }, [target, editor, headlines]);

  // Loading is whatever has no outcome for the chosen target yet: a change event that picks the
  // same target again (some platforms fire one) starts no load and must not look like one.
  const current = loaded?.target === target ? loaded : null;
  const ready = current?.phase === 'ready' ? current.plan : null;
  const failed = current?.phase === 'failed';
  const sample = ready ? (ready.body.sample ?? (includeHeadlines ? ready.fieldSample : null)) : null;
  const changed = ready ? ready.body.changed + (includeHeadlines ? ready.fieldChanges : 0) : 0;

  const apply = () => {
    if (!ready) return;
    if (ready.body.edits.length && !editor.isDestroyed) {
      const tr = editor.state.tr;
      applyDocConversion(tr, ready.body);
      editor.view.dispatch(tr);
    }
    if (includeHeadlines && headlines) {
      for (const field of TEXT_FIELDS) {
        const value = ready.fields[field];
        if (value !== undefined) headlines.set(field, value);
      }
    }
    onClose();
  };

  const footer = (
    <>
      <button type="button" className="button" onClick={onClose}>
        {t('tools.cancel')}
      </button>
      <button type="button" className="button button--primary" disabled={!ready || changed === 0} onClick={apply}>
        {t('tools.convertApply')}
      </button>
    </>
  );

  return (
    <ModalDialog title={t('tools.convertTitle')} onClose={onClose} footer={footer} className="tools-dialog">
      <div className="field">
        <label className="field__label" htmlFor={targetId}>
          {t('tools.convertTarget')}
        </label>
        <select
          id={targetId}
          className="field__select"
          value={target}
          onChange={(e) => {
            const next = SCRIPT_TARGETS.find((s) => s === e.target.value);
            if (next) setTarget(next);
          }}
        >
          {SCRIPT_TARGETS.map((s) => (
            <option key={s} value={s}>
              {t(`tools.targets.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {headlines && (
        <label className="tools-dialog__check">
          <input type="checkbox" checked={includeHeadlines} onChange={(e) => setIncludeHeadlines(e.target.checked)} />
          {t('tools.includeHeadlines')}
        </label>
      )}
      <div className="tools-dialog__preview" aria-live="polite">
        {failed && <p>{t('tools.convertFailed')}</p>}
        {!failed && !ready && <p>{t('tools.convertLoading')}</p>}
        {ready && <p className="tools-dialog__figure">{t('tools.convertCount', { count: changed })}</p>}
        {sample && (
          <div className="convert-sample">
            <p lang="zh-Hans">{clip(sample.before)}</p>
            <p aria-hidden="true" className="convert-sample__arrow">
              ↓
            </p>
            <p lang={target === 'cn' ? 'zh-Hans' : target === 'hk' ? 'zh-HK' : 'zh-TW'}>{clip(sample.after)}</p>
          </div>
        )}
      </div>
    </ModalDialog>
  );
}
