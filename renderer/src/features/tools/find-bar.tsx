import type { Editor } from '@tiptap/core';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findState, findStep, replaceAll, replaceCurrent, setFindQuery } from './find-replace';

interface FindBarProps {
  editor: Editor;
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

const statusOf = (editor: Editor): Status => {
  const state = findState(editor);
  return { count: state.matches.length, current: state.matches.length ? state.current + 1 : 0 };
};

/** The find and replace bar over the story body; matches are painted by the find plugin. */
export function FindBar({ editor, replace, focusToken, initialQuery, onToggleReplace, onClose }: FindBarProps) {
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
    editor.on('transaction', update);
    return () => {
      editor.off('transaction', update);
      if (!editor.isDestroyed) setFindQuery(editor, null);
    };
  }, [editor]);

  useEffect(() => {
    setFindQuery(editor, { text, matchCase, wholeWord });
  }, [editor, text, matchCase, wholeWord]);

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
    const count = replaceAll(editor, replacement);
    setMessage(t('tools.replaced', { count }));
  };

  const countText = text
    ? status.count
      ? t('tools.matchCount', { current: status.current, count: status.count })
      : t('tools.noMatches')
    : '';

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
          <button type="button" className="button button--small" disabled={!status.count} onClick={doReplaceAll}>
            {t('tools.replaceAll')}
          </button>
        </div>
      )}
    </div>
  );
}
