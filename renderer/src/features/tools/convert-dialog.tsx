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
import { HEADLINE_FIELDS, type HeadlineField, type HeadlineFields } from './headline-fields';

interface ConvertDialogProps {
  editor: Editor;
  headlines: HeadlineFields | null;
  initialTarget: ScriptTarget;
  onClose: () => void;
}

interface Plan {
  target: ScriptTarget;
  body: DocConversion;
  fields: Partial<Record<HeadlineField, string>>;
  fieldChanges: number;
}

type Loading = { phase: 'loading'; target: ScriptTarget } | { phase: 'ready'; plan: Plan } | { phase: 'failed' };

function plan(target: ScriptTarget, convert: Convert, editor: Editor, headlines: HeadlineFields | null): Plan {
  const fields: Plan['fields'] = {};
  let fieldChanges = 0;
  if (headlines) {
    const values = headlines.read();
    for (const field of HEADLINE_FIELDS) {
      const converted = convert(values[field]);
      if (converted === values[field]) continue;
      fields[field] = converted;
      fieldChanges += changedCharacters(values[field], textEdits(values[field], converted));
    }
  }
  return { target, body: planDocConversion(editor.state.doc, convert), fields, fieldChanges };
}

const SAMPLE_CHARS = 60;
const clip = (text: string) => (text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text);

/** Simplified ↔ traditional: pick the target, see how much changes, convert in one step. */
export function ConvertDialog({ editor, headlines, initialTarget, onClose }: ConvertDialogProps) {
  const { t } = useTranslation();
  const targetId = useId();
  const [target, setTarget] = useState(initialTarget);
  const [includeHeadlines, setIncludeHeadlines] = useState(headlines !== null);
  const [state, setState] = useState<Loading>({ phase: 'loading', target: initialTarget });

  useEffect(() => {
    let live = true;
    loadConverter(target).then(
      (convert) => {
        if (live) setState({ phase: 'ready', plan: plan(target, convert, editor, headlines) });
      },
      () => {
        if (live) setState({ phase: 'failed' });
      },
    );
    return () => {
      live = false;
    };
  }, [target, editor, headlines]);

  const ready = state.phase === 'ready' && state.plan.target === target ? state.plan : null;
  const changed = ready ? ready.body.changed + (includeHeadlines ? ready.fieldChanges : 0) : 0;

  const apply = () => {
    if (!ready) return;
    if (ready.body.edits.length && !editor.isDestroyed) {
      const tr = editor.state.tr;
      applyDocConversion(tr, ready.body);
      editor.view.dispatch(tr);
    }
    if (includeHeadlines && headlines) {
      for (const field of HEADLINE_FIELDS) {
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
            if (next) {
              setTarget(next);
              setState({ phase: 'loading', target: next });
            }
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
        {state.phase === 'failed' && <p>{t('tools.convertFailed')}</p>}
        {state.phase !== 'failed' && !ready && <p>{t('tools.convertLoading')}</p>}
        {ready && <p className="tools-dialog__figure">{t('tools.convertCount', { count: changed })}</p>}
        {ready?.body.sample && (
          <div className="convert-sample">
            <p lang="zh-Hans">{clip(ready.body.sample.before)}</p>
            <p aria-hidden="true" className="convert-sample__arrow">
              ↓
            </p>
            <p lang={target === 'cn' ? 'zh-Hans' : target === 'hk' ? 'zh-HK' : 'zh-TW'}>
              {clip(ready.body.sample.after)}
            </p>
          </div>
        )}
      </div>
    </ModalDialog>
  );
}
