import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { setPendingHighlight } from './pending-highlight';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/ipc/contract';
import { formatShortcut } from '../commands/shortcut';
import { describeError } from '../../ui/describe-error';
import { routeHash } from '../../ui/use-hash-route';
import { Highlighted } from './highlighted';
import { SEARCH_LIMIT, useStorySearch } from './use-story-search';
import './search.css';

/** Inputs, text areas and the story body: there "/" is typing, not a shortcut. */
const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target.closest('[contenteditable]:not([contenteditable="false"])') !== null ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type)));

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Ctrl+K (⌘K on a Mac) anywhere, or "/" outside a text field. */
function isSearchShortcut(event: KeyboardEvent): boolean {
  if (event.altKey || event.shiftKey) return false;
  const mod = isMac() ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (mod && (event.code === 'KeyK' || event.key.toLowerCase() === 'k')) return true;
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !isTyping(event.target);
}

const copyLang = (language: string): string => (language === 'en' ? 'en' : 'zh-Hans');

/**
 * The header's search box: results as you type, best first, with the matches highlighted.
 * Focus stays in the box; ↑ ↓ choose a result (aria-activedescendant), Enter or a click
 * opens it, Escape clears the box (and leaves it when it is already empty).
 */
export function SearchBox() {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<{ query: string; index: number }>({ query: '', index: 0 });
  const search = useStorySearch(query);
  const hits = search.result?.hits ?? [];
  // A new answer starts at its first result.
  const active = chosen.query === search.query ? Math.min(chosen.index, hits.length - 1) : 0;
  const baseId = useId();
  const listId = `${baseId}-results`;
  const optionId = (index: number) => `${baseId}-hit-${index}`;
  const showPanel = open && query.trim() !== '';
  const shortcut = formatShortcut('Mod-k');

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || document.querySelector('dialog[open]')) return;
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    if (showPanel && hits.length) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    // optionId is derived from baseId, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, showPanel, hits.length]);

  const choose = (index: number) => setChosen({ query: search.query, index });

  const openHit = (hit: SearchHit) => {
    setOpen(false);
    inputRef.current?.blur();
    // The story opens at the first match, highlighted; the box is done with its query.
    setPendingHighlight(hit.id, search.query);
    setQuery('');
    window.location.hash = routeHash({ view: 'story', id: hit.id });
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    // An input method composing Chinese uses Enter, Escape and the arrows for itself.
    if (event.nativeEvent.isComposing || event.key === 'Process') return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (hits.length) choose(Math.max(0, Math.min(hits.length - 1, active + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter') {
      const hit = hits[active];
      if (showPanel && hit) {
        event.preventDefault();
        openHit(hit);
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (query) setQuery('');
      else inputRef.current?.blur();
    }
  };

  let status: string;
  if (search.error) status = t('search.failed', { reason: describeError(t, search.error).summary });
  else if (!search.result) status = t('search.searching');
  else if (hits.length === 0) status = t('search.noMatch');
  else if (hits.length >= SEARCH_LIMIT) status = t('search.first', { count: hits.length });
  else status = t('search.count', { count: hits.length });
  const indexing =
    search.result && search.result.indexed < search.result.total
      ? t('search.indexing', { indexed: search.result.indexed, total: search.result.total })
      : null;

  return (
    <div
      className="search"
      role="search"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={query}
        autoComplete="off"
        spellCheck={false}
        aria-controls={showPanel && hits.length ? listId : undefined}
        aria-activedescendant={showPanel && hits.length ? optionId(active) : undefined}
        aria-describedby={showPanel ? `${baseId}-status` : undefined}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <kbd className="search__shortcut" aria-hidden="true">
        {shortcut}
      </kbd>
      {showPanel && (
        <div className="search__panel">
          <p id={`${baseId}-status`} className="search__status" aria-live="polite" aria-busy={search.pending}>
            <span>{status}</span>
            {indexing && <span className="search__indexing">{indexing}</span>}
          </p>
          {hits.length > 0 && (
            <ul id={listId} role="listbox" aria-label={t('search.results')} className="search__results">
              {hits.map((hit, index) => (
                <li
                  key={hit.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  className={`search-hit${index === active ? ' search-hit--active' : ''}`}
                  // Keeps the focus in the box, so the list stays open until the click lands.
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseMove={() => index !== active && choose(index)}
                  onClick={() => openHit(hit)}
                >
                  {hit.kicker && (
                    <span className="search-hit__kicker" lang={copyLang(hit.language)}>
                      {hit.kicker}
                    </span>
                  )}
                  <span className="search-hit__headline" lang={copyLang(hit.language)}>
                    {hit.headline ? (
                      <Highlighted text={hit.headline} ranges={hit.headlineMatches} />
                    ) : (
                      t('library.untitled')
                    )}
                  </span>
                  <span className="search-hit__meta">
                    {hit.section && <span className="search-hit__section">{hit.section}</span>}
                    <span className={`status-badge status-badge--${hit.status}`}>
                      {t(`status.${hit.status}` as 'status.draft', { defaultValue: hit.status })}
                    </span>
                  </span>
                  {hit.snippet && (
                    <span className="search-hit__snippet" lang={copyLang(hit.language)}>
                      <Highlighted text={hit.snippet} ranges={hit.snippetMatches} />
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {hits.length > 0 && (
            <p className="search__hint" aria-hidden="true">
              {t('search.hint')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
