import type { Editor } from '@tiptap/react';
import { type RefObject, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage } from '../../../../shared/model/common';
import { storyBlocks } from '../../../../shared/proofing/engine';
import { type Finding, findingKey, summarise } from '../../../../shared/proofing/types';
import { countText } from '../../../../shared/text/count';
import { api } from '../../api/client';
import { type PlacedFinding, type ProofingController, proofDocument, proofingKey, REFRESH } from './proofing-plugin';
import { houseListsChanged, useProofer } from './use-proofer';
import './proofing.css';

interface StoryProofingProps {
  editorRef: RefObject<Editor | null>;
  storyId: string;
  language: StoryLanguage;
  fields: { kicker: string; headline: string; subheadline: string; byline: string; dateline: string };
  /** The date 昨天/今天 are read against when the dateline gives none (YYYY-MM-DD). */
  date: string | null;
}

type Shown = PlacedFinding | (Finding & { from: null; to: null });

/** Which house list "add to house list" writes, and the line it adds. */
function houseEntry(f: Finding): { list: 'dictionary' | 'confusions' | 'sensitive' | 'style'; entry: string } | null {
  if (f.rule === 'en-spelling') return { list: 'dictionary', entry: f.text };
  // A list's entry the house accepts: silenced with `-词` in the house's own list.
  if (f.rule === 'zh-confusion') return { list: 'confusions', entry: `-${f.text}` };
  if (f.rule === 'sensitive') return { list: 'sensitive', entry: `-${f.text}` };
  if (f.rule === 'en-style') return { list: 'style', entry: `-${f.text.toLowerCase()}` };
  return null;
}

/**
 * The story's proofing: underlines in the body (through the Proofing extension), a card for
 * the finding clicked, and a panel with the counts, the error rate per 10,000 characters and
 * every finding of the headline fields and the body.
 */
export function StoryProofing({ editorRef, storyId, language, fields, date }: StoryProofingProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const { proofer, error } = useProofer(language);
  const [ignored, setIgnored] = useState<ReadonlySet<string>>(new Set());
  const ignoredOnce = useRef(new Set<string>());
  const [bodyFindings, setBodyFindings] = useState<PlacedFinding[]>([]);
  const [bodyCharacters, setBodyCharacters] = useState(0);
  const [open, setOpen] = useState<{ finding: Shown; x: number; y: number } | null>(null);
  const [expanded, setExpanded] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getProofingIgnored({ storyId }).then(
      (keys) => live && setIgnored(new Set(keys)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [storyId]);

  // Hands the proofer to the editor's extension, then proofs the whole body once.
  useEffect(() => {
    const editor = editorRef.current;
    if (!proofer || !editor || editor.isDestroyed) return;
    const controller: ProofingController = {
      proofer,
      language,
      dateline: fields.dateline,
      date,
      ignored,
      ignoredOnce: ignoredOnce.current,
      onFindings: (placed) => {
        setBodyFindings(placed);
        setBodyCharacters(countText(editor.state.doc.textContent).characters);
      },
      onOpen: (finding, view) => {
        const at = view.coordsAtPos(finding.from);
        const suggestion =
          finding.rule === 'en-spelling' && finding.suggestion === null
            ? proofer.suggestSpelling(finding.text)
            : finding.suggestion;
        setOpen({ finding: { ...finding, suggestion }, x: at.left, y: at.bottom + 4 });
      },
    };
    (editor.storage as unknown as { proofing: { controller: ProofingController | null } }).proofing.controller =
      controller;
    editor.view.dispatch(editor.state.tr.setMeta(proofingKey, REFRESH));
    controller.onFindings(proofDocument(editor.state.doc, controller).placed);
    return () => {
      if (!editor.isDestroyed)
        (editor.storage as unknown as { proofing: { controller: ProofingController | null } }).proofing.controller =
          null;
    };
  }, [proofer, editorRef, language, fields.dateline, date, ignored]);

  const fieldFindings = useMemo<Shown[]>(() => {
    if (!proofer) return [];
    const story = { language, ...fields, body: { type: 'doc' as const, content: [] } };
    return proofer
      .proofBlocks(storyBlocks(story), language, fields.dateline, { date, ignored })
      .map((f) => ({ ...f, from: null, to: null }));
  }, [proofer, language, fields, date, ignored]);

  const all: Shown[] = useMemo(() => [...fieldFindings, ...bodyFindings], [fieldFindings, bodyFindings]);
  const fieldCharacters = useMemo(
    () => Object.values(fields).reduce((n, v) => n + countText(v).characters, 0),
    [fields],
  );
  const characters = bodyCharacters + fieldCharacters;
  const summary = summarise(all, characters);

  const refresh = useCallback(() => {
    const editor = editorRef.current;
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(proofingKey, REFRESH));
  }, [editorRef]);

  const accept = (f: Shown) => {
    const editor = editorRef.current;
    if (f.from === null || f.suggestion === null || !editor) return;
    if (editor.state.doc.textBetween(f.from, f.to) !== f.text) return; // the text has changed since
    editor.view.dispatch(editor.state.tr.insertText(f.suggestion, f.from, f.to));
    setOpen(null);
  };
  const ignoreOnce = (f: Shown) => {
    const editor = editorRef.current;
    if (f.from === null || !editor) return;
    const node = editor.state.doc.resolve(f.from).parent;
    ignoredOnce.current.add(
      `${f.rule}:${f.text}:${f.start}:${node.textBetween(0, node.content.size, '', (l) => (l.type.name === 'hardBreak' ? '\n' : '\uFFFC'))}`,
    );
    refresh();
    setBodyFindings((list) => list.filter((x) => x !== f));
    setOpen(null);
  };
  const ignoreInStory = (f: Shown) => {
    api.setProofingIgnored({ storyId, key: findingKey(f), ignored: true }).then(
      (keys) => setIgnored(new Set(keys)),
      (e: unknown) => setProblem((e as Error).message),
    );
    setOpen(null);
  };
  const addToHouse = (f: Shown) => {
    const entry = houseEntry(f);
    if (!entry) return;
    api.addProofingEntry(entry).then(houseListsChanged, (e: unknown) => setProblem((e as Error).message));
    setOpen(null);
  };

  const where = (f: Shown) =>
    f.field === 'body' ? t('proofing.paragraph', { number: f.block + 1 }) : t(`proofing.fields.${f.field}`);

  return (
    <section className="proofing" aria-labelledby={titleId}>
      <div className="proofing__head">
        <h2 id={titleId} className="proofing__title">
          {t('proofing.title')}
        </h2>
        <p className="proofing__summary" role="status">
          {error
            ? t('proofing.unavailable')
            : !proofer
              ? t('proofing.loading')
              : summary.findings === 0
                ? t('proofing.none')
                : t('proofing.summary', {
                    count: summary.findings,
                    typo: summary.typo,
                    style: summary.style,
                    sensitive: summary.sensitive,
                    rate: summary.errorRate,
                  })}
        </p>
        {summary.findings > 0 && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setExpanded((e) => !e)}
            aria-expanded={expanded}
          >
            {expanded ? t('proofing.hideList') : t('proofing.showList')}
          </button>
        )}
      </div>
      {problem && (
        <p className="proofing__problem" role="alert">
          {problem}
        </p>
      )}
      {expanded && (
        <ul className="proofing__list">
          {all.map((f, i) => (
            <li key={`${f.field}:${f.block}:${f.start}:${f.rule}:${i}`}>
              <button
                type="button"
                className={`proofing__item proofing__item--${f.kind}`}
                onClick={(event) => {
                  const editor = editorRef.current;
                  if (f.from !== null && editor) {
                    editor.commands.setTextSelection({ from: f.from, to: f.to });
                    editor.commands.scrollIntoView();
                    const at = editor.view.coordsAtPos(f.from);
                    setOpen({ finding: f, x: at.left, y: at.bottom + 4 });
                  } else {
                    const box = event.currentTarget.getBoundingClientRect();
                    setOpen({ finding: f, x: box.left, y: box.bottom + 4 });
                  }
                }}
              >
                <span className="proofing__where">{where(f)}</span>
                <span className="proofing__text">{f.text}</span>
                {f.suggestion !== null && <span className="proofing__suggestion">→ {f.suggestion}</span>}
                <span className="proofing__rule">{t(`proofing.rules.${f.rule}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div
          className={`proofing-card proofing-card--${open.finding.kind}`}
          role="dialog"
          aria-label={t('proofing.cardLabel')}
          style={{ left: open.x, top: open.y }}
          onKeyDown={(e) => e.key === 'Escape' && setOpen(null)}
        >
          <p className="proofing-card__rule">
            {t(`proofing.kinds.${open.finding.kind}`)} · {t(`proofing.rules.${open.finding.rule}`)}
            {open.finding.blocking && <strong className="proofing-card__blocking"> · {t('proofing.blocking')}</strong>}
          </p>
          <p className="proofing-card__change">
            <span className="proofing-card__from">{open.finding.text}</span>
            {open.finding.suggestion !== null && (
              <>
                {' → '}
                <span className="proofing-card__to">{open.finding.suggestion || '␣'}</span>
              </>
            )}
          </p>
          <p className="proofing-card__message">{open.finding.message}</p>
          <div className="proofing-card__actions">
            {open.finding.suggestion !== null && open.finding.from !== null && (
              <button type="button" className="button button--primary" onClick={() => accept(open.finding)} autoFocus>
                {t('proofing.accept')}
              </button>
            )}
            {open.finding.from !== null && (
              <button type="button" className="button" onClick={() => ignoreOnce(open.finding)}>
                {t('proofing.ignoreOnce')}
              </button>
            )}
            <button type="button" className="button" onClick={() => ignoreInStory(open.finding)}>
              {t('proofing.ignoreInStory')}
            </button>
            {houseEntry(open.finding) && (
              <button type="button" className="button" onClick={() => addToHouse(open.finding)}>
                {open.finding.rule === 'en-spelling' ? t('proofing.addToDictionary') : t('proofing.acceptForHouse')}
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={() => setOpen(null)}>
              {t('proofing.close')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
