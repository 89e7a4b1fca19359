import type { Editor } from '@tiptap/core';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FindPlace, countOutsideBody, replaceEverywhere } from './find-fields';
import { type FindQuery, findState, findStep, replaceCurrent, setFindQuery } from './find-replace';
import type { HeadlineFields } from './headline-fields';
import './find-fields.css';

interface FindBarProps {
  editor: Editor;
  /** The story's fields outside the body, searched and replaced with it; null where the view has none. */
  fields?: HeadlineFields | null;
  /** Whether the replace row shows. */
  replace: boolean;
  /** Changes whenever Ctrl/⌘+F is pressed again: the find box takes focus anew. */
  focusToken: number;
  initialQuery: string;
  onToggleReplace: () => void;
  onClose: () => void;
}

interface Status {
  count: number;
  current: number;
}

const PLACE_ORDER = ['kicker', 'headline', 'subheadline', 'byline', 'dateline', 'captions', 'notes'] as const;

const statusOf = (editor: Editor): Status => {
  const state = findState(editor);
  return { count: state.matches.length, current: state.matches.length ? state.current + 1 : 0 };
};

/** The find and replace bar over the story body; matches are painted by the find plugin. */
export function FindBar({
  editor,
  fields = null,
  replace,
  focusToken,
  initialQuery,
  onToggleReplace,
  onClose,
}: FindBarProps) {
  const { t } = useTranslation();
  const findId = useId();
  const replaceId = useId();
  const findInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(initialQuery);
  const [matchCase, setMatchCase] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const [replacement, setReplacement] = useState('');
  const [status, setStatus] = useState<Status>({ count: 0, current: 0 });
  const [message, setMessage] = useState('');
  const query = useMemo<FindQuery>(() => ({ text, matchCase, wholeWord }), [text, matchCase, wholeWord]);
  // Bumped by each change of the body and by Replace all: the counts outside the body follow.
  const [changes, setChanges] = useState(0);
  const elsewhere = useMemo(
    () => (changes >= 0 ? countOutsideBody(editor.state.doc, fields, query) : {}),
    [editor, fields, query, changes],
  );

  useEffect(() => {
    findInput.current?.focus();
    findInput.current?.select();
  }, [focusToken]);

  // Every change of query, match or text comes as a transaction: the count follows them all.
  // (Declared before the query effect, so it hears the first query too.)
  useEffect(() => {
    const update = () => {
      const next = statusOf(editor);
      setStatus((prev) => (prev.count === next.count && prev.current === next.current ? prev : next));
    };
    const onChange = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) setChanges((n) => n + 1);
    };
    editor.on('update', onChange);
    editor.on('transaction', update);
    return () => {
      editor.off('transaction', update);
      editor.off('update', onChange);
      if (!editor.isDestroyed) setFindQuery(editor, null);
    };
  }, [editor]);

  useEffect(() => {
    setFindQuery(editor, query);
  }, [editor, query]);

  const close = () => {
    onClose();
    // Back in the text, with the current match selected, as in any editor's find.
    if (!editor.isDestroyed) editor.commands.focus();
  };

  // Escape in the body closes the bar too, as in any editor's find; the text keeps focus.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const dom = editor.view.dom;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      event.preventDefault();
      onCloseRef.current();
    };
    dom.addEventListener('keydown', onKeyDown);
    return () => dom.removeEventListener('keydown', onKeyDown);
  }, [editor]);

  const onFindKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      findStep(editor, event.shiftKey ? -1 : 1);
      setMessage('');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  const onReplaceKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) doReplaceAll();
      else replaceCurrent(editor, replacement);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  const doReplaceAll = () => {
    const count = replaceEverywhere(editor, fields, replacement);
    setChanges((n) => n + 1);
    setMessage(t('tools.replaced', { count }));
  };

  const outsideBody = Object.values(elsewhere).reduce((sum, n) => sum + n, 0);
  const countText = text
    ? status.count
      ? t('tools.matchCount', { current: status.current, count: status.count })
      : outsideBody
        ? t('tools.noMatchesInBody')
        : t('tools.noMatches')
    : '';
  const places: [FindPlace, number][] = text
    ? (['body', ...PLACE_ORDER] as const).flatMap((place): [FindPlace, number][] => {
        const count = place === 'body' ? status.count : (elsewhere[place] ?? 0);
        return count ? [[place, count]] : [];
      })
    : [];

  return (
    <div className="find-bar" role="search" aria-label={t('tools.findBar')}>
      <div className="find-bar__row">
        <button
          type="button"
          className="find-bar__toggle-replace"
          aria-expanded={replace}
          aria-label={t('tools.showReplace')}
          title={t('tools.showReplace')}
          onClick={onToggleReplace}
        >
          <span aria-hidden="true">{replace ? '▾' : '▸'}</span>
        </button>
        <label className="visually-hidden" htmlFor={findId}>
          {t('tools.find')}
        </label>
        <input
          ref={findInput}
          id={findId}
          type="text"
          className="find-bar__input"
          placeholder={t('tools.find')}
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setMessage('');
          }}
          onKeyDown={onFindKey}
        />
        <span className="find-bar__count" aria-live="polite">
          {message || countText}
        </span>
        <button
          type="button"
          className="find-bar__option"
          aria-pressed={matchCase}
          title={t('tools.matchCase')}
          aria-label={t('tools.matchCase')}
          onClick={() => setMatchCase((v) => !v)}
        >
          Aa
        </button>
        <button
          type="button"
          className="find-bar__option find-bar__option--word"
          aria-pressed={wholeWord}
          title={t('tools.wholeWord')}
          aria-label={t('tools.wholeWord')}
          onClick={() => setWholeWord((v) => !v)}
        >
          ab
        </button>
        <button
          type="button"
          className="find-bar__icon"
          title={t('tools.previous')}
          aria-label={t('tools.previous')}
          disabled={!status.count}
          onClick={() => findStep(editor, -1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="find-bar__icon"
          title={t('tools.next')}
          aria-label={t('tools.next')}
          disabled={!status.count}
          onClick={() => findStep(editor, 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="find-bar__icon"
          title={t('tools.closeFind')}
          aria-label={t('tools.closeFind')}
          onClick={close}
        >
          ×
        </button>
      </div>
      {outsideBody > 0 && (
        <p className="find-bar__places" aria-label={t('tools.matchesPerField')}>
          {places.map(([place, count], i) => (
            <span key={place} className="find-bar__place">
              {i > 0 && ' · '}
              {t('tools.placeCount', { place: t(`tools.places.${place}`), count })}
            </span>
          ))}
        </p>
      )}
      {replace && (
        <div className="find-bar__row find-bar__row--replace">
          <label className="visually-hidden" htmlFor={replaceId}>
            {t('tools.replaceWith')}
          </label>
          <input
            id={replaceId}
            type="text"
            className="find-bar__input"
            placeholder={t('tools.replaceWith')}
            value={replacement}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setReplacement(e.target.value)}
            onKeyDown={onReplaceKey}
          />
          <button
            type="button"
            className="button button--small"
            disabled={!status.count}
            onClick={() => replaceCurrent(editor, replacement)}
          >
            {t('tools.replace')}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={!status.count && !outsideBody}
            onClick={doReplaceAll}
          >
            {t('tools.replaceAll')}
          </button>
        </div>
      )}
    </div>
  );
}
